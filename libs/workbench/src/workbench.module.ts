import { Module } from '@nestjs/common';
import { WorkbenchService } from './workbench.service';

@Module({
  providers: [WorkbenchService],
  exports: [WorkbenchService],
})
export class WorkbenchModule {}
