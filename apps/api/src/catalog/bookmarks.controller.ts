import { Controller, Delete, Get, HttpCode, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { type BookmarkRecord, BookmarksService, type CatalogRecord } from '@techbridge/catalog';
import type { Achievement, Actor, CatalogKind, TechDemand } from '@techbridge/domain';
import { IsIn, IsOptional } from 'class-validator';
import { CurrentActor } from '../http/auth.guard';
import { OneOfParam } from '../http/action-param';
import { type Page, PageQuery, pageOf } from '../http/pagination';
import { UuidParam } from '../http/uuid-param';
import { AchievementView, DemandView } from './catalog.views';

const KINDS: readonly CatalogKind[] = ['demand', 'achievement'];

class BookmarkQueryDto extends PageQuery {
  @ApiPropertyOptional({ enum: KINDS }) @IsOptional() @IsIn(KINDS) kind?: CatalogKind;
}

class BookmarkView {
  @ApiProperty({ enum: KINDS }) kind: string;
  @ApiProperty() itemId: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ nullable: true, description: 'the item as you may read it now (a confidential one redacted); null once it is gone from your sight' })
  item: DemandView | AchievementView | null;

  static from({ bookmark, record }: BookmarkRecord): BookmarkView {
    const item = !record ? null : bookmark.itemKind === 'demand' ? DemandView.from(record as CatalogRecord<TechDemand>) : AchievementView.from(record as CatalogRecord<Achievement>);
    return Object.assign(new BookmarkView(), { kind: bookmark.itemKind, itemId: bookmark.itemId, createdAt: bookmark.createdAt, item });
  }
}

@ApiTags('auth')
@ApiBearerAuth()
@Controller('me/bookmarks')
export class BookmarksController {
  constructor(private readonly bookmarks: BookmarksService) {}

  @Get()
  @ApiOperation({ summary: '收藏: the demands and achievements you keep, newest first (yours alone)' })
  async list(@CurrentActor() actor: Actor, @Query() query: BookmarkQueryDto): Promise<Page<BookmarkView>> {
    const { items, total } = await this.bookmarks.list(actor, query);
    return pageOf(items.map(BookmarkView.from), total, query);
  }

  @Put(':kind/:id')
  @ApiParam({ name: 'kind', enum: KINDS })
  @ApiOperation({ summary: 'Keep a demand or achievement you can see (again: nothing changes; at most 500)' })
  async add(@CurrentActor() actor: Actor, @OneOfParam('kind', KINDS) kind: CatalogKind, @UuidParam('id') id: string): Promise<BookmarkView> {
    return BookmarkView.from(await this.bookmarks.add(actor, kind, id));
  }

  @Delete(':kind/:id')
  @HttpCode(204)
  @ApiParam({ name: 'kind', enum: KINDS })
  @ApiOperation({ summary: 'Stop keeping it' })
  async remove(@CurrentActor() actor: Actor, @OneOfParam('kind', KINDS) kind: CatalogKind, @UuidParam('id') id: string): Promise<void> {
    await this.bookmarks.remove(actor, kind, id);
  }
}
