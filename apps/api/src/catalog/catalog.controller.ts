import { Body, Delete, Get, HttpCode, Param, Post, Put, Query, UploadedFile } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import type { AttachmentsService, CatalogImports, CatalogRecord, CatalogTakedowns, DisclosureRequestsService, ItemViews, SomeCatalogItems } from '@techbridge/catalog';
import type { Actor, CatalogItem, Disclosure } from '@techbridge/domain';
import type { MatchesService } from '@techbridge/matches';
import type { Response } from 'express';
import { CurrentActor, OptionalActor, Public } from '../http/auth.guard';
import { UuidParam } from '../http/uuid-param';
import { DisclosureView, TakedownDto, TransitionDto } from './catalog-common.dto';
import { DisclosureRequestDto, DisclosureRequestView } from './disclosure-request.dto';
import { ImportView, ItemViewStatsView } from './catalog.views';
import { MatchListQueryDto } from '../matches/match.dto';
import { MatchView } from '../matches/match.views';
import { type Page, pageOf } from '../http/pagination';
import { sendSpreadsheet } from '../http/spreadsheet-download';
import { type UploadedFileLike, uploadedFile } from '../http/file-upload';
import { AttachmentUploadRoute, AttachmentView } from './attachments.controller';

/**
 * Routes demands and achievements share (their bodies differ, so create, update, list and
 * export live in each kind's controller, which also fixes their order before `:id`).
 */
export abstract class CatalogController<V> {
  protected abstract readonly items: SomeCatalogItems;
  protected abstract readonly imports: CatalogImports;
  protected abstract readonly matches: MatchesService;
  protected abstract readonly disclosureRequests: DisclosureRequestsService;
  protected abstract readonly attachments: AttachmentsService;
  protected abstract readonly views: ItemViews;
  protected abstract readonly takedowns: CatalogTakedowns;
  protected abstract view(record: CatalogRecord<never>): V;

  protected async upload(actor: Actor, file: UploadedFileLike | undefined, dryRun: boolean, publish: boolean): Promise<ImportView> {
    const row = await this.imports.create(actor, this.items.spec.kind, uploadedFile(file), { dryRun, publish });
    return ImportView.from(row);
  }

  protected async sendExport(res: Response, actor: Actor | null, query: object, format: 'csv' | 'xlsx'): Promise<void> {
    const { content } = await this.items.export(actor, query, format);
    sendSpreadsheet(res, content, format, `${this.items.spec.kind}s`);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One item; a confidential one shows only its neutral face unless its details were disclosed to you' })
  async get(@OptionalActor() actor: Actor | null, @UuidParam('id') id: string): Promise<V> {
    const record = await this.items.get(actor, id);
    await this.views.record(actor, this.items.spec.kind, record.item);
    return this.view(record as CatalogRecord<never>);
  }

  @Get(':id/views')
  @ApiOperation({ summary: '浏览量 for the owner: how many other organisations read the item (ever, and day by day over 30 days) and how many people keep it bookmarked; counts, never who' })
  async viewStats(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<ItemViewStatsView> {
    return this.views.stats(actor, this.items.spec.kind, id);
  }

  @Get(':id/attachments')
  @Public()
  @ApiOperation({ summary: '附件, oldest first: for whoever reads the item in full (403 not_disclosed for a confidential item’s outsiders)' })
  async attachmentList(@OptionalActor() actor: Actor | null, @UuidParam('id') id: string): Promise<AttachmentView[]> {
    return (await this.attachments.list(actor, this.items.spec.kind, id)).map(AttachmentView.from);
  }

  @AttachmentUploadRoute(':id/attachments', 'Attach a PDF, PNG, JPEG or Office document of at most 10 MB (the owner; at most 10 per item); its type is read from its content')
  async attach(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UploadedFile() file: UploadedFileLike | undefined): Promise<AttachmentView> {
    return AttachmentView.from(await this.attachments.add(actor, this.items.spec.kind, id, uploadedFile(file)));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Archive (take off every list); open items must be closed first, a draft is discarded this way' })
  async archive(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<void> {
    await this.items.archive(actor, id);
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', description: 'publish, start_negotiation, resume, close, and solve (demands) or transfer, reopen (achievements)' })
  @ApiOperation({ summary: 'A lifecycle step; one not allowed from the current state is a 409 naming both states. A 揭榜挂帅 challenge is resumed with a new `deadline` once its own has passed' })
  async transition(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Param('action') action: string, @Body() body: TransitionDto): Promise<V> {
    const item = (await this.items.transition(actor, id, action, body.version, { deadline: body.deadline })) as CatalogItem;
    return this.view({ item, access: 'full' } as CatalogRecord<never>);
  }

  @Post(':id/take-down')
  @HttpCode(200)
  @ApiOperation({ summary: '违规下架 (platform admins): off every list, search and matching, with a reason its owner is told; the owner can no longer change it' })
  async takeDown(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: TakedownDto): Promise<V> {
    const item = await this.takedowns.takeDown(actor, this.items.spec.kind, id, body.reason);
    return this.view({ item, access: 'full' } as CatalogRecord<never>);
  }

  @Delete(':id/take-down')
  @ApiOperation({ summary: 'Undo a takedown (platform admins): the item is back as it was; its owner is told' })
  async restore(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<V> {
    const item = await this.takedowns.restore(actor, this.items.spec.kind, id);
    return this.view({ item, access: 'full' } as CatalogRecord<never>);
  }

  @Get(':id/matches')
  @ApiOperation({ summary: 'The item’s best matches, best first, each with the counterpart redacted for you, the score, its components and the explanation (owner only)' })
  async matchList(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() query: MatchListQueryDto): Promise<Page<MatchView>> {
    const { records, total } = await this.matches.listFor(actor, this.items.spec.kind, id, { ...query, states: query.state });
    return pageOf(records.map(MatchView.from), total, query);
  }

  @Get(':id/disclosures')
  @ApiOperation({ summary: 'Organisations this confidential item’s details were released to (owner only)' })
  async disclosures(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<DisclosureView[]> {
    return (await this.items.disclosures(actor, id)).map(disclosureView);
  }

  @Post(':id/disclosure-requests')
  @ApiOperation({ summary: '申请查看详情: ask the owner of a confidential item you see only redacted to disclose it to your verified enterprise, university or institute' })
  async requestDisclosure(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: DisclosureRequestDto): Promise<DisclosureRequestView> {
    return DisclosureRequestView.from(await this.disclosureRequests.request(actor, this.items.spec.kind, id, body));
  }

  @Put(':id/disclosures/:organizationId')
  @ApiOperation({ summary: 'Release the details to one organisation (staged disclosure); answers its pending request, if any, and notifies it' })
  async grant(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('organizationId') organizationId: string): Promise<DisclosureView> {
    return disclosureView(await this.items.grant(actor, id, organizationId));
  }

  @Delete(':id/disclosures/:organizationId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw a disclosure' })
  async revoke(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('organizationId') organizationId: string): Promise<void> {
    await this.items.revoke(actor, id, organizationId);
  }
}

const disclosureView = ({ organizationId, grantedBy, grantedAt }: Disclosure): DisclosureView => ({ organizationId, grantedBy, grantedAt });
