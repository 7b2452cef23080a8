import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@techbridge/domain';
import { EventSheets, Roadshows } from '@techbridge/events';
import type { Response } from 'express';
import { CurrentActor, OptionalActor, Public } from '../http/auth.guard';
import { sendSpreadsheet } from '../http/spreadsheet-download';
import { UuidParam } from '../http/uuid-param';
import { EventSheetQueryDto } from './event.dto';
import { CreatePitchDto, InterestDto, InterestView, PitchView, UpdatePitchDto } from './roadshow.dto';

/** 路演: the event's stage programme, and the audience's 意向登记 on each pitch. */
@ApiTags('events')
@ApiBearerAuth()
@Controller('events')
export class RoadshowController {
  constructor(
    private readonly roadshows: Roadshows,
    private readonly sheets: EventSheets,
  ) {}

  @Get(':id/roadshow')
  @Public()
  @ApiOperation({ summary: '路演议程 in time order, for anyone who sees the event (anonymous too); organizers and approved participants also read how many registered interest and whether they did' })
  async programme(@OptionalActor() actor: Actor | null, @UuidParam('id') id: string): Promise<PitchView[]> {
    return (await this.roadshows.programme(actor, id)).map(PitchView.from);
  }

  @Get(':id/roadshow/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: '路演意向登记表 (organizers): each pitch in order with every registration of interest (organisation, side, message, time), for the follow-up' })
  async exportProgramme(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Query() query: EventSheetQueryDto, @Res() res: Response): Promise<void> {
    sendSpreadsheet(res, await this.sheets.roadshow(actor, id, query.format), query.format, 'roadshow');
  }

  @Post(':id/roadshow')
  @ApiOperation({ summary: 'Organizers put an approved participant’s published achievement on the stage at a time of the event’s day; pitches never overlap' })
  async add(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: CreatePitchDto): Promise<PitchView> {
    return PitchView.from(await this.roadshows.add(actor, id, body));
  }

  @Patch(':id/roadshow/:pitchId')
  @ApiOperation({ summary: 'Organizers retitle or move a pitch (the presenter is told of a new time)' })
  async update(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('pitchId') pitchId: string, @Body() body: UpdatePitchDto): Promise<PitchView> {
    return PitchView.from(await this.roadshows.update(actor, id, pitchId, body));
  }

  @Delete(':id/roadshow/:pitchId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Organizers take a pitch off the programme, or its presenter withdraws it (with the interest registered in it)' })
  async remove(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('pitchId') pitchId: string): Promise<void> {
    await this.roadshows.remove(actor, id, pitchId);
  }

  @Put(':id/roadshow/:pitchId/interest')
  @ApiOperation({ summary: '意向登记: an approved participant wants to follow a pitch up (again: only the message changes; the presenter is told once)' })
  async registerInterest(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('pitchId') pitchId: string, @Body() body: InterestDto): Promise<PitchView> {
    return PitchView.from(await this.roadshows.registerInterest(actor, id, pitchId, body.message?.trim() || null));
  }

  @Delete(':id/roadshow/:pitchId/interest')
  @HttpCode(204)
  @ApiOperation({ summary: 'Withdraw your interest (nothing to withdraw: nothing changes)' })
  async withdrawInterest(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('pitchId') pitchId: string): Promise<void> {
    await this.roadshows.withdrawInterest(actor, id, pitchId);
  }

  @Get(':id/roadshow/:pitchId/interests')
  @ApiOperation({ summary: 'Who registered interest, first first, with their message (the presenter and the organizers)' })
  async interests(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UuidParam('pitchId') pitchId: string): Promise<InterestView[]> {
    return (await this.roadshows.interests(actor, id, pitchId)).map(InterestView.from);
  }
}
