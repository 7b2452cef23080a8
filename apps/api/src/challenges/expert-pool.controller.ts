import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { EXPERT_POOL_ACTIONS, type ExpertPoolAction, ExpertPool } from '@techbridge/challenges';
import type { Actor } from '@techbridge/domain';
import { ActionParam } from '../http/action-param';
import { CurrentActor } from '../http/auth.guard';
import { type Page, pageOf } from '../http/pagination';
import { UuidParam } from '../http/uuid-param';
import { ExpertPoolEntryView, ExpertPoolQueryDto, ExpertProfileDto } from './expert-pool.dto';

/** 专家库: the platform's pool of reviewers for 揭榜挂帅 challenges. */
@ApiTags('challenges')
@ApiBearerAuth()
@Controller()
export class ExpertPoolController {
  constructor(private readonly pool: ExpertPool) {}

  @Get('me/expert-profile')
  @ApiOperation({ summary: 'Your entry in the expert pool (404 if you have none)' })
  async mine(@CurrentActor() actor: Actor): Promise<ExpertPoolEntryView> {
    return ExpertPoolEntryView.from(await this.pool.mine(actor));
  }

  @Put('me/expert-profile')
  @ApiOperation({ summary: 'Enter the expert pool or update your entry (职称, fields, 研究方向); organizers approve new entries' })
  async save(@CurrentActor() actor: Actor, @Body() body: ExpertProfileDto): Promise<ExpertPoolEntryView> {
    return ExpertPoolEntryView.from(await this.pool.save(actor, body));
  }

  @Delete('me/expert-profile')
  @HttpCode(204)
  @ApiOperation({ summary: 'Leave the expert pool (appointments already made stay)' })
  async leave(@CurrentActor() actor: Actor): Promise<void> {
    await this.pool.leave(actor);
  }

  @Get('experts')
  @ApiOperation({ summary: 'Find approved experts by field or words, by name; organizers and admins also list entries waiting for approval (pending=true)' })
  async list(@CurrentActor() actor: Actor, @Query() query: ExpertPoolQueryDto): Promise<Page<ExpertPoolEntryView>> {
    const { items, total } = await this.pool.list(actor, query);
    return pageOf(items.map(ExpertPoolEntryView.from), total, query);
  }

  @Post('experts/:userId/actions/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: EXPERT_POOL_ACTIONS, description: 'approve (入库: listed to everyone) or revoke (back to pending)' })
  @ApiOperation({ summary: 'Approve an expert pool entry or take the approval back (organizers, admins)' })
  async decide(@CurrentActor() actor: Actor, @UuidParam('userId') userId: string, @ActionParam(EXPERT_POOL_ACTIONS) action: ExpertPoolAction): Promise<ExpertPoolEntryView> {
    return ExpertPoolEntryView.from(await this.pool.decide(actor, userId, action));
  }
}
