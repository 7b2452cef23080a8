import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { type InterestRecord, PITCH_MINUTES, type PitchRecord, pitchEnd } from '@techbridge/events';
import { ParticipantSides } from '@techbridge/domain';
import { IsInt, IsISO8601, IsOptional, IsString, IsUUID, Max, Min, MinLength } from 'class-validator';
import { MaxLength } from '../http/max-length';
import { Omittable } from '../http/omittable';
import { ReadVersion } from '../http/read-version';

const START = { example: '2026-12-01T08:30:00+08:00', description: 'ISO 8601 with an offset, on a day of the event' };
const MINUTES = { minimum: PITCH_MINUTES.min, maximum: PITCH_MINUTES.max, example: 8 };

export class CreatePitchDto {
  @ApiProperty({ description: 'the presenting participant (approved, demand or supply side)' }) @IsUUID() participantId: string;
  @ApiProperty({ description: 'a published, non-confidential achievement of the presenting organisation' }) @IsUUID() achievementId: string;
  @ApiPropertyOptional({ maxLength: 120, description: '路演题目; the achievement’s title if left out' }) @IsOptional() @MaxLength(120) @MinLength(2) @IsString() title?: string;
  @ApiProperty(START) @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO 8601 date-time' }) startsAt: string;
  @ApiProperty(MINUTES) @Max(PITCH_MINUTES.max) @Min(PITCH_MINUTES.min) @IsInt() minutes: number;
}

export class UpdatePitchDto {
  @ReadVersion({ required: true }) version: number;
  @ApiPropertyOptional({ maxLength: 120 }) @Omittable() @MaxLength(120) @MinLength(2) @IsString() title?: string;
  @ApiPropertyOptional(START) @Omittable() @IsISO8601({ strict: true }, { message: 'startsAt must be an ISO 8601 date-time' }) startsAt?: string;
  @ApiPropertyOptional(MINUTES) @Omittable() @Max(PITCH_MINUTES.max) @Min(PITCH_MINUTES.min) @IsInt() minutes?: number;
}

export class InterestDto {
  @ApiPropertyOptional({ maxLength: 500, nullable: true, description: 'what you would like to discuss' }) @IsOptional() @MaxLength(500) @IsString() message?: string | null;
}

export class PitchView {
  @ApiProperty() id: string;
  @ApiProperty() eventId: string;
  @ApiProperty() participantId: string;
  @ApiProperty() presenterName: string;
  @ApiProperty({ description: 'read it at /achievements/{id} (as you may)' }) achievementId: string;
  @ApiProperty({ description: 'as announced; the achievement’s neutral title for a reader who may not read the achievement in full (it turned confidential since)' }) title: string;
  @ApiProperty() startsAt: Date;
  @ApiProperty() endsAt: Date;
  @ApiProperty() minutes: number;
  @ApiProperty({ nullable: true, type: Number, description: 'participants who registered interest (意向登记); null for readers outside the event (anonymous, other organisations, registrations not yet approved)' }) interests: number | null;
  @ApiProperty({ description: 'your organisation registered interest' }) interested: boolean;
  @ApiProperty({ description: 'you may read who is interested (the presenter and the organizers)' }) followsUp: boolean;
  @ApiProperty() version: number;

  static from(r: PitchRecord): PitchView {
    const p = r.pitch;
    return {
      id: p.id, eventId: p.eventId, participantId: p.participantId, presenterName: r.presenterName, achievementId: p.achievementId, title: r.title,
      startsAt: p.startsAt, endsAt: pitchEnd(p), minutes: p.minutes, interests: r.interests, interested: r.mine, followsUp: r.followsUp, version: p.version,
    };
  }
}

export class InterestView {
  @ApiProperty() id: string;
  @ApiProperty() participantId: string;
  @ApiProperty() organizationId: string;
  @ApiProperty() organizationName: string;
  @ApiProperty() side: string;
  @ApiProperty() sideLabel: string;
  @ApiProperty({ nullable: true, type: String }) message: string | null;
  @ApiProperty() createdAt: Date;

  static from(r: InterestRecord): InterestView {
    return {
      id: r.interest.id, participantId: r.interest.participantId, organizationId: r.organizationId, organizationName: r.organizationName,
      side: r.side, sideLabel: ParticipantSides.label(r.side), message: r.interest.message, createdAt: r.interest.createdAt,
    };
  }
}
