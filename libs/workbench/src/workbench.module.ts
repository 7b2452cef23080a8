import { Module } from '@nestjs/common';
import { AdminOverviews } from './admin-overview';
import { WorkbenchService } from './workbench.service';

@Module({
  providers: [WorkbenchService, AdminOverviews],
  exports: [WorkbenchService, AdminOverviews],
})
export class WorkbenchModule {}
