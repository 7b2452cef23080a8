import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { SubscriptionsService } from '@techbridge/catalog';
import type { Actor } from '@techbridge/domain';
import { CurrentActor } from '../http/auth.guard';
import { UuidParam } from '../http/uuid-param';
import { CreateSubscriptionDto, SubscriptionView } from './subscription.dto';

/** 订阅: hear of new demands or achievements by field, words or region, as in-app notices (and the daily notice e-mail). */
@ApiTags('catalog')
@ApiBearerAuth()
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Get()
  @ApiOperation({ summary: 'Your organisation’s subscriptions (a broker: those of the organisation it acts for)' })
  async list(@CurrentActor() actor: Actor): Promise<SubscriptionView[]> {
    return (await this.subscriptions.list(actor)).map(SubscriptionView.from);
  }

  @Post()
  @ApiOperation({ summary: 'Subscribe to new demands or achievements matching every criterion given (at least one; at most 20 subscriptions)' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateSubscriptionDto): Promise<SubscriptionView> {
    return SubscriptionView.from(await this.subscriptions.create(actor, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End a subscription' })
  async remove(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<void> {
    await this.subscriptions.remove(actor, id);
  }
}
