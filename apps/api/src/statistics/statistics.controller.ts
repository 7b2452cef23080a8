import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  catalogStatisticsTable,
  CatalogStatistics,
  challengeStatisticsTable,
  ChallengeStatistics,
  conversionStatisticsTable,
  ConversionStatistics,
  dealStatisticsTable,
  DealStatistics,
  statisticsSheet,
  type StatisticsTable,
} from '@techbridge/deals';
import type { Response } from 'express';
import { sendSpreadsheet } from '../http/spreadsheet-download';
import { RequireRole } from '../http/auth.guard';
import {
  CatalogStatisticsExportDto,
  CatalogStatisticsQueryDto,
  ChallengeStatisticsExportDto,
  ChallengeStatisticsQueryDto,
  ConversionStatisticsExportDto,
  ConversionStatisticsQueryDto,
  DealStatisticsExportDto,
  DealStatisticsQueryDto,
} from './statistics.dto';
import { CatalogStatisticsView, ChallengeStatisticsView, ConversionStatisticsView, DealStatisticsView } from './statistics.views';

const scopeOf = (query: { from: string; to: string; regionPrefix?: string }) => ({ from: query.from, to: query.to, regionPrefix: query.regionPrefix });

/** The figures organizers report; aggregates only, nothing of any one contract or application. */
@ApiTags('statistics')
@ApiBearerAuth()
@RequireRole('organizer', 'admin')
@Controller('statistics')
export class StatisticsController {
  constructor(
    private readonly dealStatistics: DealStatistics,
    private readonly challengeStatistics: ChallengeStatistics,
    private readonly conversionStatistics: ConversionStatistics,
    private readonly catalogStatistics: CatalogStatistics,
  ) {}

  @Get('deals/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The turnover report as XLSX or CSV: a row per group, then the total (organizers, admins)' })
  async exportDeals(@Query() query: DealStatisticsExportDto, @Res() res: Response): Promise<void> {
    await send(res, query.format, 'deal-statistics', dealStatisticsTable(await this.dealStatistics.report(scopeOf(query), query.groupBy)));
  }

  @Get('challenges/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The 揭榜挂帅 report as XLSX or CSV (organizers, admins)' })
  async exportChallenges(@Query() query: ChallengeStatisticsExportDto, @Res() res: Response): Promise<void> {
    await send(res, query.format, 'challenge-statistics', challengeStatisticsTable(await this.challengeStatistics.report(scopeOf(query), query.groupBy)));
  }

  @Get('conversion/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The conversion funnel as XLSX or CSV, rates in percent (organizers, admins)' })
  async exportConversion(@Query() query: ConversionStatisticsExportDto, @Res() res: Response): Promise<void> {
    await send(res, query.format, 'conversion-statistics', conversionStatisticsTable(await this.conversionStatistics.report(scopeOf(query), query.groupBy)));
  }

  @Get('catalog/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The supply-and-demand report as XLSX or CSV (organizers, admins)' })
  async exportCatalog(@Query() query: CatalogStatisticsExportDto, @Res() res: Response): Promise<void> {
    await send(res, query.format, 'catalog-statistics', catalogStatisticsTable(await this.catalogStatistics.report(scopeOf(query), query.groupBy)));
  }

  @Get('catalog')
  @ApiOperation({ summary: '供需统计 by field or city: demands and achievements published in a period, those open today, supply per demand, open challenges and budgets, open demands nobody has followed up (organizers, admins)' })
  async catalog(@Query() query: CatalogStatisticsQueryDto): Promise<CatalogStatisticsView> {
    return this.catalogStatistics.report(scopeOf(query), query.groupBy);
  }

  @Get('deals')
  @ApiOperation({ summary: '技术合同成交额 for a period of signing days: totals, local transfer, the match → meeting → deal funnel, and groups (organizers, admins)' })
  async deals(@Query() query: DealStatisticsQueryDto): Promise<DealStatisticsView> {
    return this.dealStatistics.report(scopeOf(query), query.groupBy);
  }

  @Get('challenges')
  @ApiOperation({ summary: '揭榜挂帅 for challenges published in a period: 发榜, 揭榜 applications, 挂帅 awards, challenges solved, contracts signed, and groups (organizers, admins)' })
  async challenges(@Query() query: ChallengeStatisticsQueryDto): Promise<ChallengeStatisticsView> {
    return this.challengeStatistics.report(scopeOf(query), query.groupBy);
  }

  @Get('conversion')
  @ApiOperation({ summary: 'The match → meeting → deal funnel for matches first followed up in a period: met, negotiated, dealt, dismissed, local, rates, days to a deal, contracts, and groups (organizers, admins)' })
  async conversion(@Query() query: ConversionStatisticsQueryDto): Promise<ConversionStatisticsView> {
    return this.conversionStatistics.report(scopeOf(query), query.groupBy);
  }
}

async function send(res: Response, format: 'csv' | 'xlsx', name: string, table: StatisticsTable): Promise<void> {
  sendSpreadsheet(res, await statisticsSheet(format, table), format, name);
}
