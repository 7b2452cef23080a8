import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { sendSpreadsheet } from '../http/spreadsheet-download';
import type { Actor } from '@techbridge/domain';
import { EventBulk, EventSheets, MEETING_ACTIONS, MeetingRequestsService, MeetingsService, REQUEST_RESPONSES } from '@techbridge/events';
import { CurrentActor } from '../http/auth.guard';
import { UuidParam } from '../http/uuid-param';
import { BulkMeetingsDto, CreateMeetingDto, EventSheetQueryDto, MeetingFeedbackDto, MeetingListQueryDto, MeetingRequestDto, MoveMeetingDto, RequestListQueryDto } from './event.dto';
import { BulkResultView, MeetingRequestView, MeetingView } from './event.views';
import { SpreadsheetUpload, UPLOAD_BODY, type UploadedFileLike, uploadedFile } from '../http/file-upload';

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventMeetingsController {
  constructor(
    private readonly requests: MeetingRequestsService,
    private readonly meetings: MeetingsService,
    private readonly bulk: EventBulk,
    private readonly sheets: EventSheets,
  ) {}

  @Post(':id/requests')
  @ApiOperation({ summary: 'Ask another participant for a meeting: directly (counterpartId) or from a match (matchId, pre-filled); while booking is open' })
  async request(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: MeetingRequestDto): Promise<MeetingRequestView> {
    return MeetingRequestView.from(await this.requests.create(actor, id, body));
  }

  @Get(':id/requests')
  @ApiOperation({ summary: 'Organizers: every request; participants: those they made or received' })
  async listRequests(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() query: RequestListQueryDto): Promise<MeetingRequestView[]> {
    return (await this.requests.list(actor, id, query.status)).map(MeetingRequestView.from);
  }

  @Post(':id/requests/:requestId/actions/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: Object.keys(REQUEST_RESPONSES) })
  @ApiOperation({ summary: 'accept / decline (the requested participant), cancel (either side or the organizers)' })
  async respond(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('requestId') requestId: string, @Param('action') action: string): Promise<MeetingRequestView> {
    return MeetingRequestView.from(await this.requests.respond(actor, id, requestId, action));
  }

  @Post(':id/meetings')
  @ApiOperation({ summary: 'Organizers place a meeting at a slot and table (locked by default); a taken table, a busy or unavailable participant, or a reached cap is a 409' })
  async create(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: CreateMeetingDto): Promise<MeetingView> {
    return MeetingView.from(await this.meetings.create(actor, id, body));
  }

  @Get(':id/meetings')
  @ApiOperation({ summary: 'Organizers: every meeting; participants: their own once published' })
  async list(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() query: MeetingListQueryDto): Promise<MeetingView[]> {
    return (await this.meetings.list(actor, id, query.status)).map((m) => MeetingView.from(m));
  }

  @Get(':id/meetings/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: '洽谈日程总表 (organizers): every meeting by time and table with both sides and its status, for table cards and the help desk' })
  async exportMeetings(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() query: EventSheetQueryDto, @Res() res: Response): Promise<void> {
    sendSpreadsheet(res, await this.sheets.meetings(actor, id, query.format), query.format, 'meetings');
  }

  @Post(':id/meetings/bulk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Organizers add accepted meetings between approved participants (by participant id, organisation id or credit code); all rows or none' })
  async addMany(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: BulkMeetingsDto): Promise<BulkResultView> {
    return this.bulk.addMeetings(actor, id, body.meetings);
  }

  @Post(':id/meetings/import')
  @HttpCode(200)
  @UseInterceptors(SpreadsheetUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiOperation({ summary: 'The same from a CSV/XLSX: columns 发起方, 对方 (credit codes), 优先级, 场次' })
  async importMany(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UploadedFile() file: UploadedFileLike | undefined): Promise<BulkResultView> {
    return this.bulk.importMeetings(actor, id, uploadedFile(file));
  }

  @Patch(':id/meetings/:meetingId')
  @ApiOperation({ summary: 'Move a meeting to another slot/table (organizers), which locks it; needs the current version; a taken place, an unavailable participant, a reached cap or, on the day, a slot that has started is a 409' })
  async move(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('meetingId') meetingId: string, @Body() body: MoveMeetingDto): Promise<MeetingView> {
    return MeetingView.from(await this.meetings.move(actor, id, meetingId, body));
  }

  @Post(':id/meetings/:meetingId/actions/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: Object.keys(MEETING_ACTIONS) })
  @ApiOperation({ summary: 'lock / unlock / cancel, and held / no_show once the event is live and the meeting’s slot has started (organizers; before the slot, 409 slot_not_started)' })
  async act(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('meetingId') meetingId: string, @Param('action') action: string): Promise<MeetingView> {
    return MeetingView.from(await this.meetings.act(actor, id, meetingId, action));
  }

  @Post(':id/meetings/:meetingId/feedback')
  @HttpCode(200)
  @ApiOperation({ summary: 'Your side’s feedback after a held meeting (send it again to change it); your side’s first wish to follow up moves the underlying match forward one step' })
  async feedback(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('meetingId') meetingId: string, @Body() body: MeetingFeedbackDto): Promise<MeetingView> {
    const { meeting, matchState } = await this.meetings.feedback(actor, id, meetingId, body);
    return MeetingView.from(meeting, matchState);
  }
}
