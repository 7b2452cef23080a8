import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BOOKING_RULES, type BookingRule, EVENT_STATUSES, type EventStatus, MEETING_REQUEST_STATUSES, MEETING_STATUSES, type MeetingRequestStatus, type MeetingStatus, PARTICIPANT_SIDES, PARTICIPANT_STATUSES, type ParticipantSide, type ParticipantStatus, REGISTRATION_APPROVALS, type RegistrationApproval } from '@techbridge/domain';
import { CANCELLATION_REASON_MAX, INVITED_NAME_MAX } from '@techbridge/events';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, Min, MinLength, ValidateNested } from 'class-validator';
import { MaxLength } from '../http/max-length';
import { PageQuery } from '../http/pagination';
import { DATE, toBoolean } from '../catalog/catalog-common.dto';
import { Omittable } from '../http/omittable';
import { ReadVersion } from '../http/read-version';
import { SpreadsheetFormat } from '../http/spreadsheet-download';

const REGISTRATION_APPROVAL_HELP = 'manual: the organizers approve each registration (报名审核); automatic: approved at once while 名额 remain, and past them registrations wait and move up by registration order as places free up (候补自动递补)';

export class EventSessionDto {
  @ApiProperty({ example: 'am', description: '1–32 lower-case letters, digits, - or _; unique in the event' })
  @Matches(/^[a-z0-9_-]{1,32}$/, { message: 'key must be 1–32 lower-case letters, digits, - or _' }) @IsString() key: string;

  @ApiProperty({ example: '上午场' }) @MaxLength(50) @MinLength(1) @IsString() name: string;

  @ApiProperty({ example: '2026-12-01T09:00:00+08:00', description: 'ISO 8601 with an offset' })
  @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO 8601 date-time' }) startsAt: string;

  @ApiProperty({ minimum: 5, maximum: 240, example: 20 }) @Max(240) @Min(5) @IsInt() slotMinutes: number;
  @ApiProperty({ minimum: 1, maximum: 100, example: 9 }) @Max(100) @Min(1) @IsInt() slotCount: number;
  @ApiProperty({ minimum: 1, maximum: 1000, example: 30 }) @Max(1000) @Min(1) @IsInt() tables: number;
}

export class CapsBySideDto {
  @ApiPropertyOptional() @IsOptional() @Max(100) @Min(0) @IsInt() demand?: number;
  @ApiPropertyOptional() @IsOptional() @Max(100) @Min(0) @IsInt() supply?: number;
  @ApiPropertyOptional() @IsOptional() @Max(100) @Min(0) @IsInt() observer?: number;
}

export class MeetingCapsDto {
  @ApiPropertyOptional({ nullable: true, description: 'most meetings of one participant in the whole event' }) @IsOptional() @Max(100) @Min(0) @IsInt() perParticipant?: number | null;
  @ApiPropertyOptional({ nullable: true, description: 'most meetings of one participant in each session' }) @IsOptional() @Max(100) @Min(0) @IsInt() perSession?: number | null;
  @ApiPropertyOptional({ description: 'most meetings by participant side' }) @IsOptional() @ValidateNested() @IsObject() @Type(() => CapsBySideDto) bySide?: CapsBySideDto;
  @ApiPropertyOptional({ nullable: true, description: 'fairness: most breaks in any participant’s agenda' }) @IsOptional() @Max(100) @Min(0) @IsInt() breaksPerParticipant?: number | null;
}

export class CreateEventDto {
  @ApiProperty({ maxLength: 200, example: '2026 大连装备制造专场技术对接会' }) @MaxLength(200) @MinLength(2) @IsString() title: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @MaxLength(2000) @IsString() description?: string;
  @ApiPropertyOptional({ description: '专场: a taxonomy field code' }) @IsOptional() @MaxLength(64) @IsString() themeFieldCode?: string;
  @ApiPropertyOptional({ description: 'an industry chain of that field' }) @IsOptional() @MaxLength(64) @IsString() themeChainCode?: string;
  @ApiPropertyOptional({ maxLength: 300 }) @IsOptional() @MaxLength(300) @IsString() venue?: string;
  @ApiPropertyOptional({ description: 'meeting link of an online (or hybrid) event' }) @IsOptional() @MaxLength(500) @IsUrl({ require_protocol: true }) onlineUrl?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) registrationOpensAt?: string;
  @ApiProperty() @IsISO8601({ strict: true }) registrationClosesAt: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) bookingOpensAt?: string;
  @ApiProperty({ description: 'pending meeting requests expire at this deadline' }) @IsISO8601({ strict: true }) bookingClosesAt: string;
  @ApiProperty({ type: [EventSessionDto] }) @ValidateNested({ each: true }) @Type(() => EventSessionDto) @ArrayMaxSize(10) @ArrayMinSize(1) @IsArray() sessions: EventSessionDto[];
  @ApiPropertyOptional({ type: MeetingCapsDto }) @IsOptional() @ValidateNested() @IsObject() @Type(() => MeetingCapsDto) caps?: MeetingCapsDto;
  @ApiPropertyOptional({ enum: BOOKING_RULES, default: 'cross', description: 'who may book whom' }) @Omittable() @IsIn(BOOKING_RULES) bookingRule?: BookingRule;
  @ApiPropertyOptional({ minimum: 1, maximum: 10000, description: '名额: the most organisations approved at once; none (or null) for no limit' }) @IsOptional() @Max(10000) @Min(1) @IsInt() maxParticipants?: number | null;
  @ApiPropertyOptional({ enum: REGISTRATION_APPROVALS, default: 'manual', description: REGISTRATION_APPROVAL_HELP }) @Omittable() @IsIn(REGISTRATION_APPROVALS) registrationApproval?: RegistrationApproval;
}

export class CopyEventDto {
  @ApiProperty({ example: '2027-03-15', description: 'the first day of the new event (China time), after today; every date of the set-up moves with it' })
  @Matches(DATE, { message: 'startsOn must be a date YYYY-MM-DD' }) @IsString() startsOn: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'the same title unless given' }) @IsOptional() @MaxLength(200) @MinLength(2) @IsString() title?: string;
}

export class UpdateEventDto {
  @ReadVersion({ required: true }) version: number;
  @ApiPropertyOptional() @Omittable() @MaxLength(200) @MinLength(2) @IsString() title?: string;
  @ApiPropertyOptional() @IsOptional() @MaxLength(2000) @IsString() description?: string;
  @ApiPropertyOptional() @IsOptional() @MaxLength(64) @IsString() themeFieldCode?: string;
  @ApiPropertyOptional() @IsOptional() @MaxLength(64) @IsString() themeChainCode?: string;
  @ApiPropertyOptional() @IsOptional() @MaxLength(300) @IsString() venue?: string;
  @ApiPropertyOptional() @IsOptional() @MaxLength(500) @IsUrl({ require_protocol: true }) onlineUrl?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) registrationOpensAt?: string;
  @ApiPropertyOptional() @Omittable() @IsISO8601({ strict: true }) registrationClosesAt?: string;
  @ApiPropertyOptional() @IsOptional() @IsISO8601({ strict: true }) bookingOpensAt?: string;
  @ApiPropertyOptional() @Omittable() @IsISO8601({ strict: true }) bookingClosesAt?: string;
  @ApiPropertyOptional({ type: [EventSessionDto] }) @Omittable() @ValidateNested({ each: true }) @Type(() => EventSessionDto) @ArrayMaxSize(10) @ArrayMinSize(1) @IsArray() sessions?: EventSessionDto[];
  @ApiPropertyOptional({ type: MeetingCapsDto }) @IsOptional() @ValidateNested() @IsObject() @Type(() => MeetingCapsDto) caps?: MeetingCapsDto;
  @ApiPropertyOptional({ enum: BOOKING_RULES }) @Omittable() @IsIn(BOOKING_RULES) bookingRule?: BookingRule;
  @ApiPropertyOptional({ nullable: true, minimum: 1, maximum: 10000, description: '名额; null lifts the limit; not below the organisations already approved (409 below_approved)' })
  @IsOptional()
  @Max(10000)
  @Min(1)
  @IsInt()
  maxParticipants?: number | null;

  @ApiPropertyOptional({ enum: REGISTRATION_APPROVALS, description: `${REGISTRATION_APPROVAL_HELP}; switching to automatic approves the registrations waiting, in registration order, as far as 名额 allow` })
  @Omittable()
  @IsIn(REGISTRATION_APPROVALS)
  registrationApproval?: RegistrationApproval;
}

/** The format of an organizer's sheet. */
export class EventSheetQueryDto {
  @SpreadsheetFormat() format: 'csv' | 'xlsx' = 'xlsx';
}

export class EventListQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: EVENT_STATUSES }) @IsOptional() @IsIn(EVENT_STATUSES) status?: EventStatus;
  @ApiPropertyOptional({ description: 'only events your organisation organises' }) @IsOptional() @IsBoolean() @Transform(toBoolean) mine?: boolean;
  @ApiPropertyOptional({ description: '专场 of this taxonomy field only' }) @IsOptional() @MaxLength(64) @IsString() themeFieldCode?: string;
  @ApiPropertyOptional({ description: 'only events not yet over (not closed, a slot still to end), the soonest first' }) @IsOptional() @IsBoolean() @Transform(toBoolean) upcoming?: boolean;
  @ApiPropertyOptional({ description: '我参加的: only events your organisation (X-Acting-Organization for a broker) registered for and still takes part in, pending or approved' })
  @IsOptional() @IsBoolean() @Transform(toBoolean) participating?: boolean;
}

export class RegisterParticipantDto {
  @ApiProperty({ enum: PARTICIPANT_SIDES, description: 'demand 需求方, supply 供给方, observer 观察员' }) @IsIn(PARTICIPANT_SIDES) side: ParticipantSide;
  @ApiPropertyOptional({ type: [String], description: 'session keys attended; empty or absent: all' }) @IsOptional() @ArrayMaxSize(10) @IsString({ each: true }) @IsArray() sessionKeys?: string[];
  @ApiPropertyOptional({ type: [Number], description: 'global slot indices you are not available in' }) @IsOptional() @ArrayMaxSize(500) @Min(0, { each: true }) @IsInt({ each: true }) @IsArray() unavailableSlots?: number[];
  @ApiPropertyOptional({ description: 'the code mailed with the organizers’ invitation (邀请码): approved at once with the invited side, even after the registration deadline; single use' })
  @IsOptional() @MaxLength(200) @IsString() invitationToken?: string;
}

export class UpdateParticipantDto {
  @ApiPropertyOptional({ type: [String] }) @Omittable() @ArrayMaxSize(10) @IsString({ each: true }) @IsArray() sessionKeys?: string[];
  @ApiPropertyOptional({ type: [Number] }) @Omittable() @ArrayMaxSize(500) @Min(0, { each: true }) @IsInt({ each: true }) @IsArray() unavailableSlots?: number[];
  @ApiPropertyOptional({ nullable: true, description: 'booth table (organizers only); null removes it' }) @IsOptional() @Min(0) @IsInt() fixedTable?: number | null;
}

export class ParticipantListQueryDto {
  @ApiPropertyOptional({ enum: PARTICIPANT_STATUSES }) @IsOptional() @IsIn(PARTICIPANT_STATUSES) status?: ParticipantStatus;
}

export class MeetingRequestDto {
  @ApiPropertyOptional({ description: 'the participant to meet (or give matchId)' }) @IsOptional() @IsUUID() counterpartId?: string;
  @ApiPropertyOptional({ description: 'a match between your item and theirs: pre-fills the counterpart and the message' }) @IsOptional() @IsUUID() matchId?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 5, default: 1 }) @IsOptional() @Max(5) @Min(1) @IsInt() priority?: number;
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @MaxLength(1000) @IsString() message?: string;
  @ApiPropertyOptional({ description: 'limit the meeting to this session' }) @IsOptional() @MaxLength(32) @IsString() sessionKey?: string;
}

export class RequestListQueryDto {
  @ApiPropertyOptional({ enum: MEETING_REQUEST_STATUSES }) @IsOptional() @IsIn(MEETING_REQUEST_STATUSES) status?: MeetingRequestStatus;
}

export class CreateMeetingDto {
  @ApiProperty() @IsUUID() requesterId: string;
  @ApiProperty() @IsUUID() counterpartId: string;
  @ApiProperty({ minimum: 0, description: 'global slot index' }) @Max(10_000) @Min(0) @IsInt() slot: number;
  @ApiProperty({ minimum: 0 }) @Max(10_000) @Min(0) @IsInt() table: number;
  @ApiPropertyOptional({ default: true, description: 'locked meetings stay put when re-scheduling' }) @IsOptional() @IsBoolean() locked?: boolean;
  @ApiPropertyOptional({ minimum: 1, maximum: 5 }) @Omittable() @Max(5) @Min(1) @IsInt() priority?: number;
}

export class MoveMeetingDto {
  @ApiProperty() @Max(10_000) @Min(0) @IsInt() slot: number;
  @ApiProperty() @Max(10_000) @Min(0) @IsInt() table: number;
  @ReadVersion({ required: true }) version: number;
}

export class MeetingListQueryDto {
  @ApiPropertyOptional({ enum: MEETING_STATUSES }) @IsOptional() @IsIn(MEETING_STATUSES) status?: MeetingStatus;
}

export class MeetingFeedbackDto {
  @ApiProperty({ minimum: 1, maximum: 5 }) @Max(5) @Min(1) @IsInt() rating: number;
  @ApiProperty({ description: 'moves the underlying match forward' }) @IsBoolean() wantsFollowUp: boolean;
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @MaxLength(1000) @IsString() comment?: string;
}

export class EventActionDto {
  @ApiPropertyOptional({ maxLength: CANCELLATION_REASON_MAX, description: 'cancel: why the event is called off (required; told to its participants)' })
  @IsOptional()
  @MaxLength(CANCELLATION_REASON_MAX)
  @IsString()
  reason?: string;
}

export class CheckInDto {
  @ApiProperty({ description: 'the code on the participant’s badge (QR)' }) @MaxLength(64) @MinLength(1) @IsString() code: string;
}

export class BulkParticipantDto {
  @ApiPropertyOptional() @IsOptional() @IsUUID() organizationId?: string;
  @ApiPropertyOptional({ description: '统一社会信用代码' }) @IsOptional() @MaxLength(18) @IsString() creditCode?: string;
  @ApiPropertyOptional({ description: 'a contact’s e-mail: their organisation if they are on the platform, otherwise an invitation (approved when they register)' })
  @IsOptional() @MaxLength(254) @IsEmail() email?: string;
  @ApiPropertyOptional({ maxLength: INVITED_NAME_MAX, description: 'the invited organisation’s name, for the organizer’s list' }) @IsOptional() @MaxLength(INVITED_NAME_MAX) @IsString() organizationName?: string;
  @ApiProperty({ enum: PARTICIPANT_SIDES }) @IsIn(PARTICIPANT_SIDES) side: ParticipantSide;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @ArrayMaxSize(10) @IsString({ each: true }) @IsArray() sessionKeys?: string[];
}

export class BulkParticipantsDto {
  @ApiProperty({ type: [BulkParticipantDto] }) @ValidateNested({ each: true }) @Type(() => BulkParticipantDto) @ArrayMaxSize(5000) @ArrayMinSize(1) @IsArray() participants: BulkParticipantDto[];
}

export class BulkMeetingDto {
  @ApiProperty({ description: 'participant id, organisation id or 统一社会信用代码' }) @MaxLength(64) @IsString() requester: string;
  @ApiProperty() @MaxLength(64) @IsString() counterpart: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 5 }) @IsOptional() @Max(5) @Min(1) @IsInt() priority?: number;
  @ApiPropertyOptional() @IsOptional() @MaxLength(32) @IsString() sessionKey?: string;
}

export class BulkMeetingsDto {
  @ApiProperty({ type: [BulkMeetingDto] }) @ValidateNested({ each: true }) @Type(() => BulkMeetingDto) @ArrayMaxSize(5000) @ArrayMinSize(1) @IsArray() meetings: BulkMeetingDto[];
}

