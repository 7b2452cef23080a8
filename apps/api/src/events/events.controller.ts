import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@techbridge/domain';
import { Agendas, EVENT_ACTIONS, EventCopies, EventDay, type EventFigures, type EventInput, EventsService, type GridRow, SchedulingRuns } from '@techbridge/events';
import { CurrentActor, OptionalActor, Public, RequireRole } from '../http/auth.guard';
import { type Page, pageOf } from '../http/pagination';
import { UuidParam } from '../http/uuid-param';
import { CheckInDto, CopyEventDto, CreateEventDto, EventActionDto, EventListQueryDto, UpdateEventDto } from './event.dto';
import { EventView, ParticipantView, ScheduleRunView } from './event.views';

const date = (value: string | null | undefined): Date | null | undefined => (value == null ? value : new Date(value));

export function toEventInput(dto: Partial<CreateEventDto>): Partial<EventInput> {
  const { registrationOpensAt, registrationClosesAt, bookingOpensAt, bookingClosesAt, caps, ...rest } = dto;
  return {
    ...rest,
    ...(registrationOpensAt !== undefined ? { registrationOpensAt: date(registrationOpensAt) } : {}),
    ...(registrationClosesAt !== undefined ? { registrationClosesAt: date(registrationClosesAt) } : {}),
    ...(bookingOpensAt !== undefined ? { bookingOpensAt: date(bookingOpensAt) } : {}),
    ...(bookingClosesAt !== undefined ? { bookingClosesAt: date(bookingClosesAt) } : {}),
    ...(caps ? { caps: { ...caps, bySide: caps.bySide ? { ...caps.bySide } : undefined } as EventInput['caps'] } : {}),
  } as Partial<EventInput>; // the closing dates are never null: the DTOs refuse it
}

@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class EventsController {
  constructor(
    private readonly events: EventsService,
    private readonly runs: SchedulingRuns,
    private readonly agendas: Agendas,
    private readonly day: EventDay,
    private readonly copies: EventCopies,
  ) {}

  @Post()
  @RequireRole('organizer')
  @ApiOperation({ summary: 'Create a 对接会 (draft) for your organisation (organizers)' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateEventDto): Promise<EventView> {
    return EventView.from(await this.events.create(actor, toEventInput(body) as EventInput));
  }

  @Post(':id/copies')
  @RequireRole('organizer')
  @ApiOperation({ summary: '常态化: a new draft with this event’s set-up (sessions, windows, caps, theme, venue) moved to start on startsOn; participants are not copied' })
  async copy(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: CopyEventDto): Promise<EventView> {
    return EventView.from(await this.copies.copy(actor, id, body));
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'Events you may see: every event that opened registration (anonymous visitors too, without online links), your organisation’s drafts and discarded drafts; admins see all' })
  async list(@OptionalActor() actor: Actor | null, @Query() query: EventListQueryDto): Promise<Page<EventView>> {
    const { items, total } = await this.events.list(actor, query);
    const listings = await this.events.listings(actor, items);
    return pageOf(items.map((e) => EventView.from(e, { anonymous: actor === null, listing: listings.get(e.id) })), total, query);
  }

  @Get(':id')
  @Public()
  @ApiOperation({ summary: 'One event with its sessions and slots (anonymous visitors: without its online link)' })
  async get(@OptionalActor() actor: Actor | null, @UuidParam('id') id: string): Promise<EventView> {
    const event = await this.events.get(actor, id);
    return EventView.from(event, { anonymous: actor === null, listing: (await this.events.listings(actor, [event])).get(id) });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit the set-up (organizers; draft, registration, booking); needs the current version' })
  async update(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: UpdateEventDto): Promise<EventView> {
    const { version, ...changes } = body;
    return EventView.from(await this.events.update(actor, id, toEventInput(changes), version));
  }

  @Post(':id/actions/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: EVENT_ACTIONS })
  @ApiOperation({
    summary:
      'A lifecycle step (organizers); publish writes agendas and notifies participants; a step not allowed from the current state is a 409 naming both; start only from the event’s first day (China time) on, else 409 before_first_day; ' +
      'cancel { reason } calls the event off before any slot started (409 event_started after), cancelling its meetings and telling its participants why; close only once the first slot started (else 409 event_not_started: cancel it)',
  })
  async transition(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Param('action') action: string, @Body() body: EventActionDto): Promise<EventView> {
    return EventView.from(await this.events.transition(actor, id, action, body));
  }

  @Post(':id/schedule')
  @HttpCode(202)
  @ApiOperation({ summary: 'Run the scheduler in the worker on the accepted requests (locked meetings stay; after publishing, fewest moves); follow GET :id/schedule' })
  async schedule(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<ScheduleRunView> {
    return ScheduleRunView.from(await this.runs.request(actor, id));
  }

  @Get(':id/schedule')
  @ApiOperation({ summary: 'The latest scheduler run and its report: scheduled, left out and why, upper bound and gap, moved' })
  async scheduleReport(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<ScheduleRunView> {
    return ScheduleRunView.from(await this.runs.latest(actor, id));
  }

  @Get(':id/grid')
  @ApiOperation({ summary: 'The organizers’ grid: every slot × table with its meeting' })
  async grid(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<{ agendaVersion: number; rows: GridRow[] }> {
    return this.agendas.grid(actor, id);
  }

  @Post(':id/check-ins')
  @HttpCode(200)
  @ApiOperation({ summary: 'Check a participant in by its badge code for today (organizers; published or live, on the event’s days in China time — else 409 not_event_day); each day has its own check-in' })
  async checkIn(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: CheckInDto): Promise<ParticipantView> {
    return ParticipantView.from(await this.day.checkIn(actor, id, body.code.trim()), true);
  }

  @Get(':id/figures')
  @ApiOperation({ summary: 'Figures for the organizers: requests, accepted, scheduled, held, no-show rate, follow-ups, and the deals recorded as coming from the event' })
  async figures(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<EventFigures> {
    return this.day.figures(actor, id);
  }
}
