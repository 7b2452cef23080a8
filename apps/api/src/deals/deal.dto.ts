import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CooperationModes, type CooperationMode, DealStages, type DealStage } from '@techbridge/domain';
import { MAX_AMOUNT_WAN, RECORDABLE_STAGES, type RecordableStage, registrationNumberProblem } from '@techbridge/deals';
import { IsBoolean, IsIn, IsNumber, IsOptional, IsString, IsUUID, Matches, Max, Min, MinLength, ValidateBy } from 'class-validator';
import { MaxLength } from '../http/max-length';
import { Transform } from 'class-transformer';
import { DATE, toBoolean } from '../catalog/catalog-common.dto';
import { PageQuery } from '../http/pagination';
import { CommaList, RejectsNull } from '../http/validation';
import { ReadVersion } from '../http/read-version';
import { SpreadsheetFormat } from '../http/spreadsheet-download';

/** 技术合同登记号: the year, the region code and a serial, as the registries print them (see registrationNumberProblem). */
const RegistrationNumber = (): PropertyDecorator =>
  ValidateBy({
    name: 'registrationNumber',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && registrationNumberProblem(value) === null,
      defaultMessage: (args) => (typeof args?.value === 'string' && registrationNumberProblem(args.value)) || 'registrationNumber must be a string',
    },
  });

/** The contract facts a stage needs: the amount and signing day from signing on, the registration once registered. */
@RejectsNull()
export class ContractFactsDto {
  @ApiPropertyOptional({ description: '成交金额 (万元): intended for an intent, required to sign (and to record a signed or registered deal)', minimum: 0, maximum: MAX_AMOUNT_WAN })
  @IsOptional()
  @Max(MAX_AMOUNT_WAN, { message: `amountWan must not exceed ${MAX_AMOUNT_WAN} (万元, i.e. 100 亿元)` })
  @Min(0)
  @IsNumber({ maxDecimalPlaces: 2, allowNaN: false, allowInfinity: false })
  amountWan?: number;

  @ApiPropertyOptional({ example: '2026-11-30', description: 'the day the contract was signed (China time), required from signing on' })
  @IsOptional()
  @Matches(DATE, { message: 'signedOn must be a date YYYY-MM-DD' })
  @IsString()
  signedOn?: string;

  @ApiPropertyOptional({
    example: '2026210200001234',
    maxLength: 40,
    description: '技术合同登记号, required to register: begins with its year (1985–2099), at least 10 digits in all; letters and single dashes between characters allowed',
  })
  @IsOptional()
  @RegistrationNumber()
  @IsString()
  registrationNumber?: string;

  @ApiPropertyOptional({ example: '2026-12-03', description: 'the day the contract was registered, required to register' })
  @IsOptional()
  @Matches(DATE, { message: 'registeredOn must be a date YYYY-MM-DD' })
  @IsString()
  registeredOn?: string;
}

@RejectsNull()
export class RecordDealDto extends ContractFactsDto {
  @ApiProperty({ maxLength: 200, description: 'the contract’s name' })
  @MaxLength(200)
  @MinLength(1)
  @Matches(/\S/, { message: 'title must not be blank' })
  @IsString()
  title: string;

  @ApiProperty({ enum: CooperationModes.codes, description: '合同类别: transfer, licence, joint or commissioned development, service, consulting, equity' })
  @IsIn(CooperationModes.codes)
  kind: CooperationMode;

  @ApiPropertyOptional({ enum: RECORDABLE_STAGES, default: 'intent', description: 'a contract may be recorded once signed or registered' })
  @IsOptional()
  @IsIn(RECORDABLE_STAGES)
  stage?: RecordableStage;

  @ApiPropertyOptional({ description: 'the match the deal closes (either party’s side); the items and parties come from it, and it moves to deal' })
  @IsOptional()
  @IsUUID()
  matchId?: string;

  @ApiPropertyOptional({ description: 'an awarded 揭榜挂帅 application the contract carries out (either side): the challenge’s owner buys, the applicant sells' })
  @IsOptional()
  @IsUUID()
  challengeApplicationId?: string;

  @ApiPropertyOptional({ description: 'without a match or an application: the buyer (受让方 / 委托方); you act for the buyer or the seller' })
  @IsOptional()
  @IsUUID()
  buyerOrganizationId?: string;

  @ApiPropertyOptional({ description: 'without a match: the seller (the party providing the technology)' })
  @IsOptional()
  @IsUUID()
  sellerOrganizationId?: string;

  @ApiPropertyOptional({ description: 'without a match: the buyer’s demand (one of demandId and achievementId is required)' })
  @IsOptional()
  @IsUUID()
  demandId?: string;

  @ApiPropertyOptional({ description: 'without a match: the seller’s achievement' })
  @IsOptional()
  @IsUUID()
  achievementId?: string;

  @ApiPropertyOptional({ description: 'the 对接会 where the parties met (both approved participants)' })
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @ApiPropertyOptional({ description: 'the 技术经纪人 who brought it about: a broker serving the buyer or the seller (default: the broker recording it, if any)' })
  @IsOptional()
  @IsUUID()
  brokerUserId?: string;
}

@RejectsNull()
export class DealActionDto extends ContractFactsDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'why the deal ends: required to cancel, dispute or void it' })
  @IsOptional()
  @MaxLength(500)
  @IsString()
  reason?: string;

  @ReadVersion({ required: false })
  version?: number;
}

export class DealListQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: DealStages.codes, isArray: true, description: 'comma-separated' })
  @IsOptional()
  @IsIn(DealStages.codes, { each: true })
  @CommaList()
  stage?: DealStage[];

  @ApiPropertyOptional({ description: 'one organisation you act for (admins: any); default all of them' })
  @IsOptional()
  @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ description: 'true: only the deals crediting you as their 技术经纪人' })
  @IsOptional()
  @IsBoolean()
  @Transform(toBoolean)
  brokered?: boolean;
}

export class DealExportQueryDto extends DealListQueryDto {
  @SpreadsheetFormat() format: 'csv' | 'xlsx' = 'xlsx';
}
