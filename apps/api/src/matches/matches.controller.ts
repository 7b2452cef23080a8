import { Body, Controller, Get, HttpCode, Post, Query, Res, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@techbridge/domain';
import { MATCH_ACTIONS, type MatchActionRequest, MatchDocuments, MatchesService, MatchingOverviews, MatchingRebuilds, MatchMessages } from '@techbridge/matches';
import type { Response } from 'express';
import { CurrentActor, RequireRole } from '../http/auth.guard';
import { type Page, PageQuery, pageOf } from '../http/pagination';
import { sendSpreadsheet } from '../http/spreadsheet-download';
import { ActionParam } from '../http/action-param';
import { UuidParam } from '../http/uuid-param';
import { MatchActionDto, MatchFeedbackDto, MatchMessageDto, MatchPipelineExportQueryDto, MatchPipelineQueryDto, StartRebuildDto } from './match.dto';
import { MatchDocumentView, MatchingOverviewView, MatchMessageView, MatchView, RebuildView } from './match.views';
import { AttachmentUploadRoute } from '../catalog/attachments.controller';
import { type UploadedFileLike, uploadedFile } from '../http/file-upload';

@ApiTags('matches')
@ApiBearerAuth()
@Controller('matches')
export class MatchesController {
  constructor(
    private readonly matches: MatchesService,
    private readonly messages: MatchMessages,
    private readonly documents: MatchDocuments,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The matches your organisation follows across all its demands and achievements (or those of an organisation you serve as a broker), each as your side sees it' })
  async pipeline(@CurrentActor() actor: Actor, @Query() query: MatchPipelineQueryDto): Promise<Page<MatchView>> {
    const { records, total } = await this.matches.pipeline(actor, { ...query, states: query.state });
    return pageOf(records.map(MatchView.from), total, query);
  }

  @Get('export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The same list as XLSX or CSV (at most 5,000 rows, filters and order as the list), redacted like the list' })
  async export(@CurrentActor() actor: Actor, @Query() query: MatchPipelineExportQueryDto, @Res() res: Response): Promise<void> {
    const { page: _p, pageSize: _s, format, ...filters } = query;
    const content = await this.matches.exportPipeline(actor, { ...filters, states: query.state }, format);
    sendSpreadsheet(res, content, format, 'matches');
  }

  @Get(':id')
  @ApiOperation({ summary: 'One match, as your side sees it (the owners of either side, their brokers, admins)' })
  async get(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<MatchView> {
    return MatchView.from(await this.matches.get(actor, id));
  }

  @Post(':id/feedback')
  @HttpCode(200)
  @ApiOperation({ summary: 'Your side’s opinion (interested / not relevant, with a reason); the latest one counts' })
  async feedback(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: MatchFeedbackDto): Promise<MatchView> {
    return MatchView.from(await this.matches.feedback(actor, id, body.verdict, body.reason?.trim() || null));
  }

  @Get(':id/messages')
  @ApiOperation({ summary: '对接留言: the conversation of the two sides, oldest first; reading marks the other side’s messages read (admins read without marking)' })
  async messageList(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() query: PageQuery): Promise<Page<MatchMessageView>> {
    const { items, total } = await this.messages.list(actor, id, query);
    return pageOf(items.map(MatchMessageView.from), total, query);
  }

  @Post(':id/messages')
  @ApiOperation({ summary: 'Write to the other side (a suggested match becomes contacted); it is notified, confidential owners staying unnamed' })
  async message(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: MatchMessageDto): Promise<MatchMessageView> {
    return MatchMessageView.from(await this.messages.post(actor, id, body.body));
  }

  @Get(':id/documents')
  @ApiOperation({ summary: '对接资料: the documents both sides shared on the match, oldest first (download each at its downloadPath)' })
  async documentList(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<MatchDocumentView[]> {
    return (await this.documents.list(actor, id)).map(MatchDocumentView.fromSeen);
  }

  @AttachmentUploadRoute(':id/documents', 'Share a document with the other side (PDF, PNG, JPEG or Office, at most 10 MB, 10 per match); a suggested match becomes contacted; the other side is told')
  async shareDocument(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UploadedFile() file: UploadedFileLike | undefined): Promise<MatchDocumentView> {
    return MatchDocumentView.fromSeen(await this.documents.add(actor, id, uploadedFile(file)));
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @ApiParam({
    name: 'action',
    enum: MATCH_ACTIONS,
    description: 'contact, meet, negotiate; dismiss (with a reason) and restore. `deal` is refused (409 `deal_not_recorded`): a match reaches deal when a party records the deal (POST /api/v1/deals with matchId)',
  })
  @ApiOperation({ summary: 'Move the match forward (either side); a step not allowed from the current state is a 409 naming both states; recording a deal on it (POST /api/v1/deals) moves it to deal' })
  async transition(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @ActionParam(MATCH_ACTIONS) action: MatchActionRequest, @Body() body: MatchActionDto): Promise<MatchView> {
    return MatchView.from(await this.matches.transition(actor, id, action, { reason: body.reason, version: body.version }));
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('admin/matching/rebuilds')
export class MatchingRebuildsController {
  constructor(private readonly rebuilds: MatchingRebuilds) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ summary: 'Recompute every published item’s matches (after a change of weights, dictionary or taxonomy), in chunks across the workers; one at a time (409 `rebuild_running`, naming it, while one runs)' })
  async start(@CurrentActor() actor: Actor, @Body() body: StartRebuildDto): Promise<RebuildView> {
    return this.rebuilds.start(actor, { chunkSize: body.chunkSize, kinds: body.kinds });
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop a running rebuild (chunks not started are skipped; stored matches stay)' })
  async cancel(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<RebuildView> {
    return this.rebuilds.cancel(actor, id);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A rebuild’s progress' })
  async progress(@UuidParam('id') id: string): Promise<RebuildView> {
    return this.rebuilds.progress(id);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@RequireRole('admin')
@Controller('admin/matching')
export class MatchingOverviewController {
  constructor(private readonly overviews: MatchingOverviews) {}

  @Get()
  @ApiOperation({ summary: 'How current stored matches are: items matched with this build’s weights and knowledge, with earlier ones (a rebuild refreshes them), or not yet; and the latest rebuild' })
  async overview(): Promise<MatchingOverviewView> {
    return this.overviews.overview();
  }
}
