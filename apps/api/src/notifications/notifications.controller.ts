import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@techbridge/domain';
import { NotificationsService } from '@techbridge/notifications';
import { CurrentActor } from '../http/auth.guard';
import { pageOf } from '../http/pagination';
import { UuidParam } from '../http/uuid-param';
import { MarkedReadView, type NotificationPage, NotificationQueryDto, NotificationView } from './notification.dto';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'In-app notifications of the organisations you act for, newest first, with the count of unread ones' })
  async list(@CurrentActor() actor: Actor, @Query() query: NotificationQueryDto): Promise<NotificationPage> {
    const { items, total, unread } = await this.notifications.list(actor, query);
    return { ...pageOf(items.map(NotificationView.from), total, query), unread };
  }

  @Post('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark every notification of your organisations read' })
  async readAll(@CurrentActor() actor: Actor): Promise<MarkedReadView> {
    return { marked: await this.notifications.markAllRead(actor) };
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark a notification read (for your organisation)' })
  async read(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<NotificationView> {
    return NotificationView.from(await this.notifications.markRead(actor, id));
  }
}
