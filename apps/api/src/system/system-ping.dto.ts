import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SystemPing, SystemPingStatus } from '@techbridge/domain';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { MaxLength } from '../http/max-length';

export class RequestPingDto {
  @ApiPropertyOptional({ maxLength: 200, description: 'Free text stored with the ping' })
  @IsOptional()
  @MaxLength(200)
  @IsString() // type rules sit nearest the property: class-validator runs them first
  note?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 10_000, description: 'Keep the job running this long (ms), to observe graceful shutdown' })
  @IsOptional()
  @Max(10_000)
  @Min(0)
  @IsInt()
  holdMs?: number;
}

export class SystemPingView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['queued', 'processed'] }) status: SystemPingStatus;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty() requestedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) processedAt: Date | null;
  @ApiProperty({ nullable: true, type: String }) processedBy: string | null;

  static from(ping: SystemPing): SystemPingView {
    return Object.assign(new SystemPingView(), {
      id: ping.id,
      status: ping.status,
      note: ping.note,
      requestedAt: ping.requestedAt,
      processedAt: ping.processedAt,
      processedBy: ping.processedBy,
    });
  }
}
