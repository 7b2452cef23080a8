import { ApiProperty, ApiPropertyOptional, OmitType, PartialType, PickType } from '@nestjs/swagger';
import { EnterpriseTiers, type EnterpriseTier, MEMBER_ROLES, type MemberRole, ORGANIZATION_SIZES, type OrganizationSize, OrganizationTypes, type OrganizationType } from '@techbridge/domain';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsNotEmpty, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { MaxLength } from '../http/max-length';
import { RejectsNull, trim } from '../http/validation';
import { ReadVersion } from '../http/read-version';
import { PageQuery } from '../http/pagination';
import { RegionPrefix } from '../catalog/catalog-common.dto';

const upperNoSpaces = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.replace(/\s+/g, '').toUpperCase() : value);

/** An organisation, as given at registration. */
@RejectsNull()
export class NewOrganizationDto {
  @ApiProperty({ enum: OrganizationTypes.codes })
  @IsIn(OrganizationTypes.codes)
  type: OrganizationType;

  @ApiProperty({ maxLength: 200, example: '大连海晟风电装备有限公司' })
  @MaxLength(200)
  @IsNotEmpty()
  @IsString()
  @Transform(trim)
  name: string;

  @ApiProperty({ description: '统一社会信用代码 (18 characters, GB 32100 check character)', example: '91210211MA0QCXYZ1K' })
  @IsString()
  @Transform(upperNoSpaces)
  creditCode: string;

  @ApiProperty({ description: 'GB/T 2260 administrative division code', example: '210211' })
  @Matches(/^\d{6}$/, { message: 'regionCode must be a 6-digit GB/T 2260 code' })
  @IsString()
  regionCode: string;

  @ApiPropertyOptional({ type: [String], description: 'technology field codes', example: ['equipment'] })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @IsArray()
  fields?: string[];

  @ApiPropertyOptional({ enum: ORGANIZATION_SIZES, nullable: true })
  @IsOptional()
  @IsIn(ORGANIZATION_SIZES)
  size?: OrganizationSize | null;

  @ApiPropertyOptional({ enum: EnterpriseTiers.codes, isArray: true })
  @IsOptional()
  @ArrayMaxSize(6)
  @IsIn(EnterpriseTiers.codes, { each: true })
  @IsArray()
  tiers?: EnterpriseTier[];

  @ApiPropertyOptional({ maxLength: 2000, nullable: true })
  @IsOptional()
  @MaxLength(2000)
  @IsString()
  description?: string | null;
}

@RejectsNull()
export class RegisterDto {
  @ApiProperty({ example: 'zhang.wei@example.com' })
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @Transform(trim)
  email: string;

  @ApiProperty({ minLength: 10, description: 'at least 10 characters with letters and digits' })
  @IsString()
  password: string;

  @ApiProperty({ maxLength: 100, example: '张伟' })
  @MaxLength(100)
  @IsNotEmpty()
  @IsString()
  @Transform(trim)
  displayName: string;

  @ApiPropertyOptional({ type: NewOrganizationDto, description: 'register a new organisation (you become its owner)…' })
  @IsOptional()
  @ValidateNested()
  @IsObject()
  @Type(() => NewOrganizationDto)
  organization?: NewOrganizationDto;

  @ApiPropertyOptional({ description: '…or join one with the token of an invitation' })
  @IsOptional()
  @Length(16, 128)
  @IsString()
  invitationToken?: string;
}

@RejectsNull()
export class LoginDto {
  @ApiProperty()
  @MaxLength(254)
  @IsString()
  email: string;

  @ApiProperty()
  @MaxLength(200)
  @IsString()
  password: string;
}

@RejectsNull()
export class RefreshDto {
  @ApiProperty()
  @MaxLength(300)
  @IsString()
  refreshToken: string;
}

@RejectsNull()
export class ChangePasswordDto {
  @ApiProperty()
  @MaxLength(200)
  @IsString()
  currentPassword: string;

  @ApiProperty({ minLength: 10, description: 'at least 10 characters with letters and digits, not the current one' })
  @MaxLength(200)
  @IsString()
  newPassword: string;
}

@RejectsNull()
export class PasswordResetDto {
  @ApiProperty({ description: 'the reset token an administrator issued' })
  @Length(16, 128)
  @IsString()
  token: string;

  @ApiProperty({ minLength: 10, description: 'at least 10 characters with letters and digits' })
  @MaxLength(200)
  @IsString()
  password: string;
}

/** What a user may change of their own account: the name, and notices by mail (the e-mail is the sign-in and stays). */
@RejectsNull()
export class UpdateProfileDto extends PartialType(PickType(RegisterDto, ['displayName'] as const)) {
  @ApiPropertyOptional({ description: 'a daily e-mail (08:00) of the organisation’s unread notices; needs mail configured' })
  @IsOptional()
  @IsBoolean()
  noticeDigest?: boolean;
}

@RejectsNull()
export class MemberRoleDto {
  @ApiProperty({ enum: MEMBER_ROLES, description: 'owner hands the ownership over (the owner becomes an admin)' })
  @IsIn(MEMBER_ROLES)
  memberRole: MemberRole;
}

/** Profile changes: the type and the credit code identify the organisation and do not change. */
@RejectsNull()
export class UpdateOrganizationDto extends PartialType(OmitType(NewOrganizationDto, ['type', 'creditCode'] as const)) {
  @ReadVersion({ required: true })
  version: number;
}

@RejectsNull()
export class CreateInvitationDto {
  @ApiProperty()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @Transform(trim)
  email: string;

  @ApiPropertyOptional({ enum: ['admin', 'member'], default: 'member' })
  @IsOptional()
  @IsIn(['admin', 'member'])
  memberRole?: 'admin' | 'member';
}

/** 忘记密码: the address of the account to mail a reset link to. */
@RejectsNull()
export class PasswordResetRequestDto extends PickType(CreateInvitationDto, ['email'] as const) {}

/** Looking organisations up: the directory (机构库) and the admins' verification queue. */
export class OrganizationFiltersDto extends PageQuery {
  @ApiPropertyOptional({ enum: OrganizationTypes.codes }) @IsOptional() @IsIn(OrganizationTypes.codes) type?: OrganizationType;
  @ApiPropertyOptional({ description: 'part of the name, or the whole 统一社会信用代码' }) @IsOptional() @MaxLength(200) @IsString() q?: string;
  @RegionPrefix() regionPrefix?: string;
  @ApiPropertyOptional({ description: 'a 技术领域 the organisation works in' }) @IsOptional() @MaxLength(40) @IsString() fieldCode?: string;
  @ApiPropertyOptional({ enum: EnterpriseTiers.codes }) @IsOptional() @IsIn(EnterpriseTiers.codes) tier?: EnterpriseTier;
}

/** 注销账号: the account's password, as the last check that its owner is asking. */
@RejectsNull()
export class CloseAccountDto {
  @ApiProperty()
  @MaxLength(200)
  @IsString()
  password: string;
}
