import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ExpertPoolEntry } from '@techbridge/challenges';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { MaxLength } from '../http/max-length';
import { toBoolean } from '../catalog/catalog-common.dto';
import { PageQuery } from '../http/pagination';
import { RejectsNull, trim } from '../http/validation';

@RejectsNull()
export class ExpertProfileDto {
  @ApiProperty({ maxLength: 50, example: '教授', description: '职称' })
  @MaxLength(50)
  @IsNotEmpty()
  @IsString()
  @Transform(trim)
  professionalTitle: string;

  @ApiProperty({ type: [String], description: '技术领域 codes of the taxonomy (1–5)', example: ['equipment'] })
  @ArrayMaxSize(5)
  @ArrayMinSize(1)
  @MaxLength(40, { each: true })
  @IsString({ each: true })
  @IsArray()
  fieldCodes: string[];

  @ApiProperty({ maxLength: 500, description: '研究方向 / 专长', example: '滚动轴承故障诊断、旋转机械状态监测' })
  @MaxLength(500)
  @IsNotEmpty()
  @IsString()
  @Transform(trim)
  specialties: string;
}

export class ExpertPoolQueryDto extends PageQuery {
  @ApiPropertyOptional({ description: 'a 技术领域 code' }) @IsOptional() @MaxLength(40) @IsString() fieldCode?: string;
  @ApiPropertyOptional({ description: 'part of the name, the organisation or the 研究方向' }) @IsOptional() @MaxLength(100) @IsString() q?: string;
  @ApiPropertyOptional({ description: 'true: entries waiting for approval (organizers and admins)' }) @IsOptional() @IsBoolean() @Transform(toBoolean) pending?: boolean;
}

class ExpertOrganizationView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
}

export class ExpertPoolEntryView {
  @ApiProperty() userId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ type: ExpertOrganizationView, nullable: true }) organization: ExpertOrganizationView | null;
  @ApiProperty({ description: '职称' }) professionalTitle: string;
  @ApiProperty({ type: [String] }) fieldCodes: string[];
  @ApiProperty({ description: '研究方向 / 专长' }) specialties: string;
  @ApiProperty({ enum: ['pending', 'approved'], description: 'approved entries are listed to everyone (入库)' }) status: 'pending' | 'approved';
  @ApiProperty({ nullable: true, type: Date }) approvedAt: Date | null;
  @ApiProperty() updatedAt: Date;

  static from({ profile, displayName, organization }: ExpertPoolEntry): ExpertPoolEntryView {
    const { userId, professionalTitle, fieldCodes, specialties, approvedAt, updatedAt } = profile;
    return { userId, displayName, organization, professionalTitle, fieldCodes, specialties, status: approvedAt ? 'approved' : 'pending', approvedAt, updatedAt };
  }
}
