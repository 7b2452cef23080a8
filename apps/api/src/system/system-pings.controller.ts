import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RequireRole } from '../http/auth.guard';
import { SystemPings } from '@techbridge/system';
import { UuidParam } from '../http/uuid-param';
import { RequestPingDto, SystemPingView } from './system-ping.dto';

@ApiTags('system')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('system/pings')
export class SystemPingsController {
  constructor(private readonly pings: SystemPings) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Enqueue a diagnostic job; the worker marks it processed' })
  async request(@Body() body: RequestPingDto): Promise<SystemPingView> {
    return SystemPingView.from(await this.pings.request(body.note ?? null, body.holdMs ?? 0));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a diagnostic ping (status queued → processed)' })
  async get(@UuidParam('id') id: string): Promise<SystemPingView> {
    return SystemPingView.from(await this.pings.get(id));
  }
}
