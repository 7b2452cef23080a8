import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChallengeStatistics, ConversionStatistics, DealStatistics } from '@techbridge/deals';
import { RequireRole } from '../http/auth.guard';
import { ChallengeStatisticsQueryDto, ConversionStatisticsQueryDto, DealStatisticsQueryDto } from './statistics.dto';
import { ChallengeStatisticsView, ConversionStatisticsView, DealStatisticsView } from './statistics.views';

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
  ) {}

  @Get('deals')
  @ApiOperation({ summary: '技术合同成交额 for a period of signing days: totals, local transfer, the match → meeting → deal funnel, and groups (organizers, admins)' })
  async deals(@Query() query: DealStatisticsQueryDto): Promise<DealStatisticsView> {
    return this.dealStatistics.report({ from: query.from, to: query.to }, query.groupBy);
  }

  @Get('challenges')
  @ApiOperation({ summary: '揭榜挂帅 for challenges published in a period: 发榜, 揭榜 applications, 挂帅 awards, challenges solved, contracts signed, and groups (organizers, admins)' })
  async challenges(@Query() query: ChallengeStatisticsQueryDto): Promise<ChallengeStatisticsView> {
    return this.challengeStatistics.report({ from: query.from, to: query.to }, query.groupBy);
  }

  @Get('conversion')
  @ApiOperation({ summary: 'The match → meeting → deal funnel for matches first followed up in a period: met, negotiated, dealt, dismissed, local, rates, days to a deal, contracts, and groups (organizers, admins)' })
  async conversion(@Query() query: ConversionStatisticsQueryDto): Promise<ConversionStatisticsView> {
    return this.conversionStatistics.report({ from: query.from, to: query.to }, query.groupBy);
  }
}
