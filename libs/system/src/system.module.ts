import { Module } from '@nestjs/common';
import { SystemPings } from './system-pings';

@Module({ providers: [SystemPings], exports: [SystemPings] })
export class SystemModule {}
