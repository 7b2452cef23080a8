import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { DisclosureRequestRecord } from '@techbridge/catalog';
import { type CatalogKind, type DisclosureRequestStatus, DisclosureRequestStatuses } from '@techbridge/domain';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { MaxLength } from '../http/max-length';
import { PageQuery } from '../http/pagination';
import { ReadVersion } from '../http/read-version';
import { CommaList, RejectsNull } from '../http/validation';

@RejectsNull()
export class DisclosureRequestDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'why you ask, e.g. what your organisation could offer: shown to the owner' })
  @IsOptional()
  @MaxLength(1000)
  @IsString()
  message?: string;
}

@RejectsNull()
export class DisclosureRequestActionDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'decline: the reason, shown to the requester; withdraw: why' })
  @IsOptional()
  @MaxLength(500)
  @IsString()
  note?: string;

  @ReadVersion({ required: false })
  version?: number;
}

export class DisclosureRequestListQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: ['received', 'sent'], description: 'received: requests to disclose your items; sent: your own requests; neither: both' })
  @IsOptional()
  @IsIn(['received', 'sent'])
  box?: 'received' | 'sent';

  @ApiPropertyOptional({ enum: DisclosureRequestStatuses.codes, isArray: true, description: 'comma-separated' })
  @IsOptional()
  @IsIn(DisclosureRequestStatuses.codes, { each: true })
  @CommaList()
  status?: DisclosureRequestStatus[];

  @ApiPropertyOptional({ enum: ['demand', 'achievement'] })
  @IsOptional()
  @IsIn(['demand', 'achievement'])
  itemKind?: CatalogKind;

  @ApiPropertyOptional({ description: 'the requests about one item' })
  @IsOptional()
  @IsUUID()
  itemId?: string;
}

class ItemFace {
  @ApiProperty({ enum: ['demand', 'achievement'] }) kind: string;
  @ApiProperty() id: string;
  @ApiProperty({ description: 'its neutral title unless you read the item in full' }) title: string;
  @ApiProperty() redacted: boolean;
}

class OrganizationRef {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

/** A request as the caller may read it. */
export class DisclosureRequestView {
  @ApiProperty() id: string;
  @ApiProperty({ type: ItemFace }) item: ItemFace;
  @ApiProperty({ type: OrganizationRef }) requester: OrganizationRef;
  @ApiProperty({ type: OrganizationRef, nullable: true, description: 'the item’s owner; null until its details are open to you' }) owner: OrganizationRef | null;
  @ApiProperty() message: string;
  @ApiProperty({ enum: DisclosureRequestStatuses.codes }) status: string;
  @ApiProperty() statusLabel: string;
  @ApiProperty({ nullable: true, type: String }) decisionNote: string | null;
  @ApiProperty({ nullable: true, type: Date }) decidedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() version: number;

  static from({ request: r, item, requester, owner }: DisclosureRequestRecord): DisclosureRequestView {
    return {
      id: r.id,
      item,
      requester,
      owner,
      message: r.message,
      status: r.status,
      statusLabel: DisclosureRequestStatuses.label(r.status),
      decisionNote: r.decisionNote,
      decidedAt: r.decidedAt,
      createdAt: r.createdAt,
      version: r.version,
    };
  }
}
