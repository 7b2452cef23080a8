import { Body, Controller, Get, Patch, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type AchievementInput, AchievementsService, AttachmentsService, CatalogImports, type CatalogQuery, type CatalogRecord, CatalogTakedowns, DisclosureRequestsService, ItemViews, type SomeCatalogItems } from '@techbridge/catalog';
import type { Actor, Achievement } from '@techbridge/domain';
import { MatchesService } from '@techbridge/matches';
import type { Response } from 'express';
import { CurrentActor, OptionalActor, Public } from '../http/auth.guard';
import { type Page, pageOf } from '../http/pagination';
import { LimitPerIp } from '../http/ip-rate-limit.guard';
import { UuidParam } from '../http/uuid-param';
import { SpreadsheetUpload, UPLOAD_BODY, type UploadedFileLike } from '../http/file-upload';
import { CatalogController } from './catalog.controller';
import { ImportQueryDto } from './imports.controller';
import { AchievementView, ImportView } from './catalog.views';
import { CreateAchievementDto, AchievementExportQueryDto, AchievementQueryDto, UpdateAchievementDto } from './achievement.dto';


const toQuery = (q: AchievementQueryDto): CatalogQuery => ({
  q: q.q, fieldCode: q.fieldCode, chainCode: q.chainCode, regionPrefix: q.regionPrefix, organizationId: q.organizationId, cooperationMode: q.cooperationMode,
  statuses: q.status, amountMin: q.priceMin, amountMax: q.priceMax, stage: q.stage, trlMin: q.trlMin, trlMax: q.trlMax, sort: q.sort, page: q.page, pageSize: q.pageSize,
});

const toInput = (dto: Partial<CreateAchievementDto>): Partial<AchievementInput> => ({ ...dto }) as Partial<AchievementInput>;

@ApiTags('achievements')
@ApiBearerAuth()
@Controller('achievements')
export class AchievementsController extends CatalogController<AchievementView> {
  constructor(
    private readonly achievements: AchievementsService,
    protected readonly imports: CatalogImports,
    protected readonly matches: MatchesService,
    protected readonly disclosureRequests: DisclosureRequestsService,
    protected readonly attachments: AttachmentsService,
    protected readonly views: ItemViews,
    protected readonly takedowns: CatalogTakedowns,
  ) {
    super();
  }

  protected get items(): SomeCatalogItems {
    return this.achievements as unknown as SomeCatalogItems;
  }

  protected view(record: CatalogRecord<never>): AchievementView {
    return AchievementView.from(record as CatalogRecord<Achievement>);
  }

  @Get()
  @Public()
  @LimitPerIp('catalog-search', 'search')
  @ApiOperation({ summary: 'Search and list research achievements (科技成果) you may see; confidential ones redacted' })
  async list(@OptionalActor() actor: Actor | null, @Query() query: AchievementQueryDto): Promise<Page<AchievementView>> {
    const { records, total } = await this.achievements.search(actor, toQuery(query));
    return pageOf(records.map(AchievementView.from), total, query);
  }

  @Get('export')
  @Public()
  @LimitPerIp('catalog-export', 'export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The filtered list as XLSX or CSV (at most 50,000 rows), redacted like the list' })
  async export(@OptionalActor() actor: Actor | null, @Query() query: AchievementExportQueryDto, @Res() res: Response): Promise<void> {
    const { page: _p, pageSize: _s, ...filters } = toQuery(query);
    await this.sendExport(res, actor, filters, query.format);
  }

  @Post()
  @ApiOperation({ summary: 'Create an achievement (draft) for your organisation, or for one you serve as a broker (X-Acting-Organization)' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateAchievementDto): Promise<AchievementView> {
    const item = await this.achievements.create(actor, toInput(body) as AchievementInput);
    return AchievementView.from({ item, access: 'full' });
  }

  @Post('import')
  @UseInterceptors(SpreadsheetUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiOperation({ summary: 'Import a CSV/XLSX of achievements (columns in docs/catalog-import.md); processed by the worker, follow GET /imports/:id' })
  async import(@CurrentActor() actor: Actor, @UploadedFile() file: UploadedFileLike | undefined, @Query() query: ImportQueryDto): Promise<ImportView> {
    return this.upload(actor, file, query.dryRun ?? false, query.publish ?? false);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit (owner); needs the current version, a stale one is a 409' })
  async update(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: UpdateAchievementDto): Promise<AchievementView> {
    const { version, ...changes } = body;
    return AchievementView.from({ item: await this.achievements.update(actor, id, toInput(changes), version), access: 'full' });
  }
}
