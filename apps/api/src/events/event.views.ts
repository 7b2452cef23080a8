import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  BookingRules, type EventInvitation, type EventParticipant, EventStatuses, type Meeting, type MeetingCaps, type MeetingFeedback, type MeetingRequest, type EventSession, type MatchmakingEvent,
  type Organization, ParticipantSides, ParticipantStatuses, RegistrationApprovals, SCHEDULE_RUN_STATUSES, type ScheduleReport, type ScheduleRun,
} from '@techbridge/domain';
import { type EventListing, timeline } from '@techbridge/events';

export class SlotView {
  @ApiProperty() slot: number;
  @ApiProperty() sessionKey: string;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty() tables: number;
}

export class MyRegistrationView {
  @ApiProperty() participantId: string;
  @ApiProperty({ enum: ParticipantStatuses.codes }) status: string;
  @ApiProperty({ description: '待审核, 已通过, 未通过, 已退出' }) statusLabel: string;
}

export class EventView {
  @ApiProperty() id: string;
  @ApiProperty() organizerOrganizationId: string;
  @ApiPropertyOptional({ description: '主办单位: the organising organisation’s name (in lists and single reads)' }) organizerName?: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ nullable: true, type: String }) themeFieldCode: string | null;
  @ApiProperty({ nullable: true, type: String }) themeChainCode: string | null;
  @ApiProperty({ nullable: true, type: String }) venue: string | null;
  @ApiProperty({ nullable: true, type: String }) onlineUrl: string | null;
  @ApiProperty({ nullable: true, type: Date }) registrationOpensAt: Date | null;
  @ApiProperty() registrationClosesAt: Date;
  @ApiProperty({ nullable: true, type: Date }) bookingOpensAt: Date | null;
  @ApiProperty() bookingClosesAt: Date;
  @ApiProperty() sessions: EventSession[];
  @ApiProperty({ type: [SlotView], description: 'every slot of the day with its global index' }) slots: SlotView[];
  @ApiProperty() caps: MeetingCaps;
  @ApiProperty({ nullable: true, type: Number, description: '名额: the most organisations approved at once; null for no limit' }) maxParticipants: number | null;
  @ApiPropertyOptional({ description: 'organisations approved so far (in lists and single reads)' }) approvedParticipants?: number;
  @ApiPropertyOptional({ type: MyRegistrationView, nullable: true, description: 'in lists and single reads for the signed-in: the registration of the organisation you act for, or null' })
  myRegistration?: MyRegistrationView | null;
  @ApiProperty({ enum: RegistrationApprovals.codes, description: 'manual (报名审核) or automatic (approved while 名额 remain, then 候补自动递补)' }) registrationApproval: string;
  @ApiProperty() registrationApprovalLabel: string;
  @ApiProperty() bookingRule: string;
  @ApiProperty() bookingRuleLabel: string;
  @ApiProperty({ enum: EventStatuses.codes }) status: string;
  @ApiProperty() statusLabel: string;
  @ApiProperty() agendaVersion: number;
  @ApiProperty({ nullable: true, type: Date }) publishedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: 'cancelled (已取消): when it was called off' }) cancelledAt: Date | null;
  @ApiProperty({ nullable: true, type: String, description: 'cancelled: why, as its participants were told' }) cancellationReason: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() version: number;

  /** An anonymous visitor is not given the online meeting's link. */
  static from(e: MatchmakingEvent, { anonymous = false, listing }: { anonymous?: boolean; listing?: EventListing } = {}): EventView {
    return {
      id: e.id, organizerOrganizationId: e.organizerOrganizationId, ...(listing ? { organizerName: listing.organizerName } : {}), title: e.title, description: e.description, themeFieldCode: e.themeFieldCode, themeChainCode: e.themeChainCode,
      venue: e.venue, onlineUrl: anonymous ? null : e.onlineUrl, registrationOpensAt: e.registrationOpensAt, registrationClosesAt: e.registrationClosesAt, bookingOpensAt: e.bookingOpensAt,
      bookingClosesAt: e.bookingClosesAt, sessions: e.sessions, slots: timeline(e.sessions), caps: e.caps, maxParticipants: e.maxParticipants, ...(listing ? { approvedParticipants: listing.approvedParticipants } : {}),
      ...(listing && !anonymous ? { myRegistration: listing.myRegistration && { ...listing.myRegistration, statusLabel: ParticipantStatuses.label(listing.myRegistration.status) } } : {}),
      registrationApproval: e.registrationApproval, registrationApprovalLabel: RegistrationApprovals.label(e.registrationApproval), bookingRule: e.bookingRule, bookingRuleLabel: BookingRules.label(e.bookingRule),
      status: e.status, statusLabel: EventStatuses.label(e.status), agendaVersion: e.agendaVersion, publishedAt: e.publishedAt,
      cancelledAt: e.cancelledAt, cancellationReason: e.cancellationReason, createdAt: e.createdAt, version: e.version,
    };
  }
}

export class ParticipantView {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty() organizationId: string;
  @ApiPropertyOptional() organizationName?: string;
  @ApiProperty() side: string;
  @ApiProperty() sideLabel: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected', 'withdrawn'] }) status: string;
  @ApiPropertyOptional({ description: 'in the registration answer only: the event was full (名额已满), so the registration waits for a place (候补)' }) waitlisted?: boolean;
  @ApiPropertyOptional({ description: '候补第 N 位: a registration waiting on an event that admits automatically, where it stands in line (1 moves up next); in the registration answer and single reads, to the registrant and the organizers' }) waitlistPosition?: number;
  @ApiProperty({ type: [String] }) sessionKeys: string[];
  @ApiPropertyOptional({ type: [Number], description: 'shown to the participant and the organizers' }) unavailableSlots?: number[];
  @ApiProperty({ nullable: true, type: Number }) fixedTable: number | null;
  @ApiPropertyOptional({ description: 'the check-in code (QR) — only to the participant and the organizers' }) checkInCode?: string;
  @ApiProperty({ nullable: true, type: Date }) checkedInAt: Date | null;
  @ApiProperty() version: number;

  static from(p: EventParticipant, privileged: boolean, organization?: Organization): ParticipantView {
    return {
      id: p.id, eventId: p.eventId, organizationId: p.organizationId, ...(organization ? { organizationName: organization.name } : {}), side: p.side, sideLabel: ParticipantSides.label(p.side),
      status: p.status, sessionKeys: p.sessionKeys, ...(privileged ? { unavailableSlots: p.unavailableSlots, checkInCode: p.checkInCode } : {}),
      fixedTable: p.fixedTable, checkedInAt: p.checkedInAt, version: p.version,
    };
  }
}

export class MeetingRequestView {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty() requesterId: string;
  @ApiProperty() counterpartId: string;
  @ApiProperty({ nullable: true, type: String }) matchId: string | null;
  @ApiProperty() priority: number;
  @ApiProperty({ nullable: true, type: String }) message: string | null;
  @ApiProperty({ nullable: true, type: String }) sessionKey: string | null;
  @ApiProperty({ enum: ['pending', 'accepted', 'declined', 'expired', 'cancelled', 'rebooked'] }) status: string;
  @ApiProperty({ enum: ['participant', 'organizer'] }) source: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) respondedAt: Date | null;
  @ApiProperty() version: number;

  static from(r: MeetingRequest): MeetingRequestView {
    const { id, eventId, requesterId, counterpartId, matchId, priority, message, sessionKey, status, source, createdAt, respondedAt, version } = r;
    return { id, eventId, requesterId, counterpartId, matchId, priority, message, sessionKey, status, source, createdAt, respondedAt, version };
  }
}

export class MeetingView {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty() requestId: string;
  @ApiProperty() requesterId: string;
  @ApiProperty() counterpartId: string;
  @ApiProperty() slot: number;
  @ApiProperty() table: number;
  @ApiProperty() locked: boolean;
  @ApiProperty({ enum: ['scheduled', 'held', 'no_show', 'cancelled'] }) status: string;
  @ApiProperty({ nullable: true, type: Number }) publishedSlot: number | null;
  @ApiProperty({ nullable: true, type: Number }) publishedTable: number | null;
  @ApiProperty({ nullable: true }) requesterFeedback: Omit<MeetingFeedback, 'by'> | null;
  @ApiProperty({ nullable: true }) counterpartFeedback: Omit<MeetingFeedback, 'by'> | null;
  @ApiProperty() version: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'after feedback: the underlying match’s state' }) matchState?: string | null;

  static from(m: Meeting, matchState?: string | null): MeetingView {
    const fb = (f: MeetingFeedback | null) => (f ? { rating: f.rating, wantsFollowUp: f.wantsFollowUp, comment: f.comment, at: f.at } : null);
    return {
      id: m.id, eventId: m.eventId, requestId: m.requestId, requesterId: m.requesterId, counterpartId: m.counterpartId, slot: m.slot, table: m.tableNo, locked: m.locked,
      status: m.status, publishedSlot: m.publishedSlot, publishedTable: m.publishedTable, requesterFeedback: fb(m.requesterFeedback), counterpartFeedback: fb(m.counterpartFeedback),
      version: m.version, ...(matchState === undefined ? {} : { matchState }),
    };
  }
}

export class ScheduleRunView {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty({ enum: SCHEDULE_RUN_STATUSES, description: 'superseded: the event moved on after the run was requested (see failureReason); nothing was written' }) status: string;
  @ApiProperty({ nullable: true, description: 'scheduled, left out and why, the upper bound and the gap, moves of published meetings' }) report: ScheduleReport | null;
  @ApiProperty({ nullable: true, type: String, description: 'why the run failed or was superseded' }) failureReason: string | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) finishedAt: Date | null;

  static from(r: ScheduleRun): ScheduleRunView {
    const { id, eventId, status, report, failureReason, createdAt, finishedAt } = r;
    return { id, eventId, status, report, failureReason, createdAt, finishedAt };
  }
}

export class BulkResultView {
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiPropertyOptional({ description: 'participants: organisations not on the platform yet, invited by e-mail' }) invited?: number;
}

export class EventInvitationView {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty({ nullable: true, type: String }) organizationName: string | null;
  @ApiProperty() side: string;
  @ApiProperty({ type: [String] }) sessionKeys: string[];
  @ApiProperty({ nullable: true, type: String, description: 'the participant it became once the organisation registered' }) participantId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the code the invited organisation registers with (invitationToken), as mailed; pass it on by hand when mail is off; null once used' })
  invitationToken: string | null;
  @ApiProperty() createdAt: Date;

  static from({ invitation, token }: { invitation: EventInvitation; token: string | null }): EventInvitationView {
    const { id, email, organizationName, side, sessionKeys, participantId, createdAt } = invitation;
    return { id, email, organizationName, side, sessionKeys, participantId, invitationToken: token, createdAt };
  }
}
