import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DISCLOSURE_REQUEST_ACTIONS, type DisclosureRequestAction, DisclosureRequestsService } from '@techbridge/catalog';
import type { Actor } from '@techbridge/domain';
import { CurrentActor } from '../http/auth.guard';
import { type Page, pageOf } from '../http/pagination';
import { ActionParam } from '../http/action-param';
import { UuidParam } from '../http/uuid-param';
import { DisclosureRequestActionDto, DisclosureRequestListQueryDto, DisclosureRequestView } from './disclosure-request.dto';

/** 申请查看详情 once asked (asking is `POST /demands/:id/disclosure-requests`, or achievements'). */
@ApiTags('disclosure requests')
@ApiBearerAuth()
@Controller('disclosure-requests')
export class DisclosureRequestsController {
  constructor(private readonly requests: DisclosureRequestsService) {}

  @Get()
  @ApiOperation({ summary: 'Requests to see confidential details, to your items and from your organisation (admins: all), newest first' })
  async list(@CurrentActor() actor: Actor, @Query() query: DisclosureRequestListQueryDto): Promise<Page<DisclosureRequestView>> {
    const { records, total } = await this.requests.list(actor, query);
    return pageOf(records.map(DisclosureRequestView.from), total, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One request (the requesting organisation, the item’s owner, admins)' })
  async get(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<DisclosureRequestView> {
    return DisclosureRequestView.from(await this.requests.get(actor, id));
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: DISCLOSURE_REQUEST_ACTIONS, description: 'approve (discloses the details to the requester) or decline (with a note): the owner; withdraw: the requester' })
  @ApiOperation({ summary: 'Answer a pending request to see your item’s details, or withdraw your own; a request no longer pending is a 409' })
  async act(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @ActionParam(DISCLOSURE_REQUEST_ACTIONS) action: DisclosureRequestAction, @Body() body: DisclosureRequestActionDto): Promise<DisclosureRequestView> {
    return DisclosureRequestView.from(await this.requests.act(actor, id, action, body));
  }
}
