import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@techbridge/domain';
import { DEAL_ACTIONS, type DealAction, DealsService } from '@techbridge/deals';
import { CurrentActor } from '../http/auth.guard';
import { type Page, pageOf } from '../http/pagination';
import { ActionParam } from '../http/action-param';
import { UuidParam } from '../http/uuid-param';
import { DealActionDto, DealListQueryDto, RecordDealDto } from './deal.dto';
import { DealView } from './deal.views';

@ApiTags('deals')
@ApiBearerAuth()
@Controller('deals')
export class DealsController {
  constructor(private readonly deals: DealsService) {}

  @Post()
  @ApiOperation({ summary: 'Record a deal (成交) your organisation is party to: from a match (which moves to deal) or naming both parties' })
  async record(@CurrentActor() actor: Actor, @Body() body: RecordDealDto): Promise<DealView> {
    return DealView.from(await this.deals.record(actor, body));
  }

  @Get()
  @ApiOperation({ summary: 'The deals of the organisations you act for (admins: all), latest change first' })
  async list(@CurrentActor() actor: Actor, @Query() query: DealListQueryDto): Promise<Page<DealView>> {
    const { records, total } = await this.deals.list(actor, query);
    return pageOf(records.map(DealView.from), total, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One deal (its parties, their brokers, admins)' })
  async get(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<DealView> {
    return DealView.from(await this.deals.get(actor, id));
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: DEAL_ACTIONS, description: 'sign (amount, signing day), register (技术合同登记号, day), cancel (with a reason)' })
  @ApiOperation({ summary: 'Move the deal on (either party); a step not allowed from its stage is a 409 naming both stages' })
  async act(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @ActionParam(DEAL_ACTIONS) action: DealAction, @Body() body: DealActionDto): Promise<DealView> {
    return DealView.from(await this.deals.act(actor, id, action, body));
  }
}
