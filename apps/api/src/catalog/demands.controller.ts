import { Body, Controller, Get, Patch, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AttachmentsService, CatalogImports, type CatalogQuery, type CatalogRecord, CatalogTakedowns, type DemandInput, DemandsService, DisclosureRequestsService, ItemViews, type SomeCatalogItems } from '@techbridge/catalog';
import type { Actor, TechDemand } from '@techbridge/domain';
import { MatchesService } from '@techbridge/matches';
import type { Response } from 'express';
import { CurrentActor, OptionalActor, Public } from '../http/auth.guard';
import { type Page, pageOf } from '../http/pagination';
import { LimitPerIp } from '../http/ip-rate-limit.guard';
import { UuidParam } from '../http/uuid-param';
import { SpreadsheetUpload, UPLOAD_BODY, type UploadedFileLike } from '../http/file-upload';
import { CatalogController } from './catalog.controller';
import { ImportQueryDto } from './imports.controller';
import { DemandView, ImportView } from './catalog.views';
import { CreateDemandDto, DemandExportQueryDto, DemandQueryDto, UpdateDemandDto } from './demand.dto';

const toQuery = (q: DemandQueryDto): CatalogQuery => ({
  q: q.q, fieldCode: q.fieldCode, chainCode: q.chainCode, regionPrefix: q.regionPrefix, organizationId: q.organizationId, cooperationMode: q.cooperationMode,
  statuses: q.status, amountMin: q.budgetMin, amountMax: q.budgetMax, stage: q.desiredStage, challengeOnly: q.challengeOnly, sort: q.sort, page: q.page, pageSize: q.pageSize,
});

const toInput = (dto: Partial<CreateDemandDto>): Partial<DemandInput> => ({ ...dto }) as Partial<DemandInput>;

@ApiTags('demands')
@ApiBearerAuth()
@Controller('demands')
export class DemandsController extends CatalogController<DemandView> {
  constructor(
    private readonly demands: DemandsService,
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
    return this.demands as unknown as SomeCatalogItems;
  }

  protected view(record: CatalogRecord<never>): DemandView {
    return DemandView.from(record as CatalogRecord<TechDemand>);
  }

  @Get()
  @Public()
  @LimitPerIp('catalog-search', 'search')
  @ApiOperation({ summary: 'Search and list technology demands (技术需求) you may see; confidential ones redacted' })
  async list(@OptionalActor() actor: Actor | null, @Query() query: DemandQueryDto): Promise<Page<DemandView>> {
    const { records, total } = await this.demands.search(actor, toQuery(query));
    return pageOf(records.map(DemandView.from), total, query);
  }

  @Get('export')
  @Public()
  @LimitPerIp('catalog-export', 'export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The filtered list as XLSX or CSV (at most 50,000 rows), redacted like the list' })
  async export(@OptionalActor() actor: Actor | null, @Query() query: DemandExportQueryDto, @Res() res: Response): Promise<void> {
    const { page: _p, pageSize: _s, ...filters } = toQuery(query);
    await this.sendExport(res, actor, filters, query.format);
  }

  @Post()
  @ApiOperation({ summary: 'Create a demand (draft) for your organisation, or for one you serve as a broker (X-Acting-Organization)' })
  async create(@CurrentActor() actor: Actor, @Body() body: CreateDemandDto): Promise<DemandView> {
    const item = await this.demands.create(actor, toInput(body) as DemandInput);
    return DemandView.from({ item, access: 'full' });
  }

  @Post('import')
  @UseInterceptors(SpreadsheetUpload)
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiOperation({ summary: 'Import a CSV/XLSX of demands (columns in docs/catalog-import.md); processed by the worker, follow GET /imports/:id' })
  async import(@CurrentActor() actor: Actor, @UploadedFile() file: UploadedFileLike | undefined, @Query() query: ImportQueryDto): Promise<ImportView> {
    return this.upload(actor, file, query.dryRun ?? false, query.publish ?? false);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Edit (owner); needs the current version, a stale one is a 409' })
  async update(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: UpdateDemandDto): Promise<DemandView> {
    const { version, ...changes } = body;
    return DemandView.from({ item: await this.demands.update(actor, id, toInput(changes), version), access: 'full' });
  }
}
