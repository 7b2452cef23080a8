import { Body, Controller, Get, HttpCode, Post, Query, Res, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { sendSpreadsheet } from '../http/spreadsheet-download';
import { AttachmentsService } from '@techbridge/catalog';
import type { Actor } from '@techbridge/domain';
import { DEAL_ACTIONS, type DealAction, DealsService } from '@techbridge/deals';
import { CurrentActor } from '../http/auth.guard';
import { type Page, pageOf } from '../http/pagination';
import { ActionParam } from '../http/action-param';
import { UuidParam } from '../http/uuid-param';
import { type UploadedFileLike, uploadedFile } from '../http/file-upload';
import { AttachmentUploadRoute, AttachmentView } from '../catalog/attachments.controller';
import { DealActionDto, DealExportQueryDto, DealListQueryDto, RecordDealDto } from './deal.dto';
import { DealView } from './deal.views';

@ApiTags('deals')
@ApiBearerAuth()
@Controller('deals')
export class DealsController {
  constructor(
    private readonly deals: DealsService,
    private readonly attachments: AttachmentsService,
  ) {}

  @Get('export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: '合同台账: the same list as XLSX or CSV (at most 5,000 rows, filters and order as the list)' })
  async export(@CurrentActor() actor: Actor, @Query() query: DealExportQueryDto, @Res() res: Response): Promise<void> {
    const { page: _p, pageSize: _s, format, ...filters } = query;
    sendSpreadsheet(res, await this.deals.export(actor, filters, format), format, 'deals');
  }

  @Get(':id/attachments')
  @ApiOperation({ summary: '合同附件 (the signed contract, the 技术合同登记 certificate): the parties, their brokers, admins' })
  async attachmentList(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<AttachmentView[]> {
    return (await this.attachments.list(actor, 'deal', id)).map(AttachmentView.from);
  }

  @AttachmentUploadRoute(':id/attachments', 'Attach a contract document (PDF, PNG, JPEG or Office, at most 10 MB, 10 in all): either party or its broker, unless the deal was cancelled')
  async attach(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UploadedFile() file: UploadedFileLike | undefined): Promise<AttachmentView> {
    return AttachmentView.from(await this.attachments.add(actor, 'deal', id, uploadedFile(file)));
  }

  @Post()
  @ApiOperation({
    summary: 'Record a deal (成交) your organisation is party to: from a match (which moves to deal), an awarded 揭榜 application, or naming both parties',
    description: 'A match or an application holding a standing deal of the same kind answers 409 `deal_exists` with `details.dealId`: move that one on or dispute it.',
  })
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
  @ApiParam({
    name: 'action',
    enum: DEAL_ACTIONS,
    description:
      'sign (amount, signing day), register (技术合同登记号, day), cancel an intent or signed deal (either party, with a reason); ' +
      'dispute (the party the recorder named, or its broker, with a reason: ends it at any stage); void (admins, with a reason: ends it at any stage)',
  })
  @ApiOperation({ summary: 'Move the deal on (either party) or end it; a step not allowed from its stage is a 409 naming both stages' })
  async act(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @ActionParam(DEAL_ACTIONS) action: DealAction, @Body() body: DealActionDto): Promise<DealView> {
    return DealView.from(await this.deals.act(actor, id, action, body));
  }
}
