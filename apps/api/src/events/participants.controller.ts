import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@techbridge/domain';
import { type Agenda, Agendas, EventBulk, EventSheets, PARTICIPANT_DECISIONS, ParticipantsService, type Recommendation, Recommendations } from '@techbridge/events';
import type { Response } from 'express';
import { SpreadsheetUpload, UPLOAD_BODY, type UploadedFileLike, uploadedFile } from '../http/file-upload';
import { CurrentActor, Public } from '../http/auth.guard';
import { UuidParam } from '../http/uuid-param';
import { BulkParticipantsDto, EventSheetQueryDto, ParticipantListQueryDto, RegisterParticipantDto, UpdateParticipantDto } from './event.dto';
import { sendSpreadsheet } from '../http/spreadsheet-download';
import { BulkResultView, EventInvitationView, ParticipantView } from './event.views';

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventParticipantsController {
  constructor(
    private readonly participants: ParticipantsService,
    private readonly recommendations: Recommendations,
    private readonly agendas: Agendas,
    private readonly bulk: EventBulk,
    private readonly sheets: EventSheets,
  ) {}

  @Post(':id/participants')
  @ApiOperation({ summary: 'Register your organisation (报名) as demand, supply or observer; the organizer approves' })
  async register(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: RegisterParticipantDto): Promise<ParticipantView> {
    const { participant, waitlisted, waitlistPosition } = await this.participants.register(actor, id, body);
    return Object.assign(ParticipantView.from(participant, true), waitlisted ? { waitlisted } : {}, waitlistPosition !== null ? { waitlistPosition } : {});
  }

  @Get(':id/participants')
  @ApiOperation({ summary: 'Organizers: every registration; approved participants: the approved ones; others: their own' })
  async list(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() query: ParticipantListQueryDto): Promise<ParticipantView[]> {
    return (await this.participants.list(actor, id, query.status)).map((r) => ParticipantView.from(r.participant, r.own || r.manager, r.organization));
  }

  @Post(':id/participants/bulk')
  @HttpCode(200)
  @ApiOperation({ summary: 'Organizers add organisations (by id, credit code, or a contact’s e-mail — invited when not on the platform), approved at once; all rows or none' })
  async addMany(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: BulkParticipantsDto): Promise<BulkResultView> {
    return this.bulk.addParticipants(actor, id, body.participants);
  }

  @Get(':id/invitations')
  @ApiOperation({ summary: 'Organisations invited by e-mail in bulk additions (organizers), and the participant each became' })
  async invitations(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<EventInvitationView[]> {
    return (await this.participants.invitations(actor, id)).map(EventInvitationView.from);
  }

  @Post(':id/participants/import')
  @HttpCode(200)
  @UseInterceptors(SpreadsheetUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiOperation({ summary: 'The same from a CSV/XLSX: columns 统一社会信用代码 or 邮箱 (and 单位名称), 角色 (需求方/供给方/观察员), 场次; problems name row and column' })
  async importMany(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UploadedFile() file: UploadedFileLike | undefined): Promise<BulkResultView> {
    return this.bulk.importParticipants(actor, id, uploadedFile(file));
  }

  @Get(':id/participants/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: '参会名单 / 签到表 (organizers): every registration with side, status, sessions, booth, meetings, check-in code and time, and who registered it' })
  async exportParticipants(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() query: EventSheetQueryDto, @Res() res: Response): Promise<void> {
    sendSpreadsheet(res, await this.sheets.participants(actor, id, query.format), query.format, 'participants');
  }

  @Get(':id/participants/:participantId')
  @ApiOperation({ summary: 'One participant (its organisation, the organizers, the approved participants)' })
  async get(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('participantId') participantId: string): Promise<ParticipantView> {
    const { participant, own, manager, waitlistPosition } = await this.participants.get(actor, id, participantId);
    return Object.assign(ParticipantView.from(participant, own || manager), waitlistPosition !== null ? { waitlistPosition } : {});
  }

  @Patch(':id/participants/:participantId')
  @ApiOperation({ summary: 'Sessions attended and slots not available (the participant or the organizers); a booth table (organizers)' })
  async update(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('participantId') participantId: string, @Body() body: UpdateParticipantDto): Promise<ParticipantView> {
    return ParticipantView.from(await this.participants.update(actor, id, participantId, body), true);
  }

  @Post(':id/participants/:participantId/actions/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: Object.keys(PARTICIPANT_DECISIONS) })
  @ApiOperation({ summary: 'approve / reject (organizers), withdraw (the participant)' })
  async decide(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('participantId') participantId: string, @Param('action') action: string): Promise<ParticipantView> {
    return ParticipantView.from(await this.participants.decide(actor, id, participantId, action), true);
  }

  @Get(':id/participants/:participantId/recommendations')
  @ApiOperation({ summary: 'Whom to meet: other participants ranked by match scores between the organisations’ published items (redacted as in the catalogue)' })
  async recommend(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('participantId') participantId: string): Promise<Recommendation[]> {
    return this.recommendations.forParticipant(actor, id, participantId);
  }

  @Get(':id/participants/:participantId/agenda')
  @ApiOperation({ summary: 'The participant’s agenda (once published; organizers any time)' })
  async agenda(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('participantId') participantId: string): Promise<Agenda> {
    return (await this.agendas.agenda(actor, id, participantId)).agenda;
  }

  @Post(':id/participants/:participantId/calendar-link')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new secret address for the participant’s calendar feed (calendarPath); the old one stops working (the participant or the organizers)' })
  async resetCalendarLink(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('participantId') participantId: string): Promise<CalendarLinkView> {
    return this.agendas.resetCalendarLink(actor, id, participantId);
  }

  @Get(':id/participants/:participantId/agenda.ics')
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'The agenda as iCalendar; UIDs are stable, so importing again updates instead of duplicating' })
  async calendar(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('participantId') participantId: string, @Res() res: Response): Promise<void> {
    const body = await this.agendas.calendar(actor, id, participantId);
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="agenda-${participantId}.ics"`);
    res.send(body);
  }
}

class CalendarLinkView {
  @ApiProperty({ example: '/api/v1/calendars/….ics' }) calendarPath: string;
}

@ApiTags('events')
@Controller('calendars')
export class EventCalendarsController {
  constructor(private readonly agendas: Agendas) {}

  @Get(':file')
  @Public()
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'A participant’s agenda feed by the secret address in its agenda (calendarPath), for calendar subscriptions; unknown addresses are a 404' })
  async feed(@Param('file') file: string, @Res() res: Response): Promise<void> {
    const body = await this.agendas.calendarByToken(file);
    res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    res.setHeader('Cache-Control', 'private, max-age=300');
    res.send(body);
  }
}
