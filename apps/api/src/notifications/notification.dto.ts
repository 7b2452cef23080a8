import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Notification } from '@techbridge/domain';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, Matches } from 'class-validator';
import { MaxLength } from '../http/max-length';
import { toBoolean } from '../catalog/catalog-common.dto';
import { type Page, PageQuery } from '../http/pagination';

export class NotificationQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'only notices not yet read' }) @IsOptional() @IsBoolean() @Transform(toBoolean) unread?: boolean;

  @ApiPropertyOptional({ description: 'what they are about: a kind (deal.sign) or its family (deal, match, disclosure, challenge, event)', example: 'disclosure' })
  @IsOptional()
  @MaxLength(64)
  @Matches(/^[a-z_]+(\.[a-z_]+)?$/, { message: 'kind must be a kind such as deal.sign, or a family such as deal' })
  kind?: string;
}

export class NotificationView {
  @ApiProperty() id: string;
  @ApiProperty() organizationId: string;
  @ApiProperty({ description: 'what happened, e.g. deal.sign, match.contacted, disclosure.requested, event.agenda_published' }) kind: string;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
  @ApiProperty({ description: 'the ids it is about, e.g. { dealId }' }) subject: Record<string, string>;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, type: Date }) readAt: Date | null;

  static from(n: Notification): NotificationView {
    const { id, organizationId, kind, title, body, subject, createdAt, readAt } = n;
    return { id, organizationId, kind, title, body, subject, createdAt, readAt };
  }
}

/** A page of notices, and how many of all of them are unread (for a badge). */
export interface NotificationPage extends Page<NotificationView> {
  unread: number;
}

export class MarkedReadView {
  @ApiProperty({ description: 'how many notices were unread' }) marked: number;
}
