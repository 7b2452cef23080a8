import { Body, Controller, Get, HttpCode, Patch, Post, Query, Res, UploadedFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AttachmentsService } from '@techbridge/catalog';
import { APPLICATION_DECISIONS, type ApplicationAction, ChallengeApplicationsService } from '@techbridge/challenges';
import type { Actor } from '@techbridge/domain';
import type { Response } from 'express';
import { CurrentActor } from '../http/auth.guard';
import { type Page, pageOf } from '../http/pagination';
import { sendSpreadsheet } from '../http/spreadsheet-download';
import { ActionParam } from '../http/action-param';
import { type UploadedFileLike, uploadedFile } from '../http/file-upload';
import { AttachmentUploadRoute, AttachmentView } from '../catalog/attachments.controller';
import { UuidParam } from '../http/uuid-param';
import { AmendApplicationDto, ApplicationActionDto, ApplicationExportQueryDto, ApplicationListQueryDto, ApplyDto, ReviewDto } from './application.dto';
import { ApplicationView } from './application.views';

const ACTIONS: readonly ApplicationAction[] = [...APPLICATION_DECISIONS, 'withdraw'];

@ApiTags('challenges')
@ApiBearerAuth()
@Controller()
export class ChallengeApplicationsController {
  constructor(
    private readonly applications: ChallengeApplicationsService,
    private readonly attachments: AttachmentsService,
  ) {}

  @Post('demands/:id/applications')
  @ApiOperation({ summary: '揭榜: apply to a published 揭榜挂帅 challenge before its deadline, for your verified enterprise, university or institute' })
  async apply(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: ApplyDto): Promise<ApplicationView> {
    return ApplicationView.from(await this.applications.apply(actor, id, body));
  }

  @Get('challenge-applications')
  @ApiOperation({ summary: 'Your applications and those to your challenges (organizers, admins: all), latest change first' })
  async list(@CurrentActor() actor: Actor, @Query() query: ApplicationListQueryDto): Promise<Page<ApplicationView>> {
    const { records, total } = await this.applications.list(actor, query);
    return pageOf(records.map(ApplicationView.from), total, query);
  }

  @Get('challenge-applications/export')
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOperation({ summary: 'The same list as XLSX or CSV for a 评审会 (at most 5,000 rows, filters and order as the list; mean scores only for the reviewing side)' })
  async export(@CurrentActor() actor: Actor, @Query() query: ApplicationExportQueryDto, @Res() res: Response): Promise<void> {
    const { page: _p, pageSize: _s, format, ...filters } = query;
    sendSpreadsheet(res, await this.applications.export(actor, filters, format), format, 'challenge-applications');
  }

  @Get('challenge-applications/:id')
  @ApiOperation({ summary: 'One application (the applicant, the challenge’s owner, organizers, admins); scores only for the reviewing side' })
  async get(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<ApplicationView> {
    return ApplicationView.from(await this.applications.get(actor, id));
  }

  @Patch('challenge-applications/:id')
  @ApiOperation({ summary: 'Revise your application while no reviewer has scored it and the challenge is open' })
  async amend(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: AmendApplicationDto): Promise<ApplicationView> {
    const { version, ...changes } = body;
    return ApplicationView.from(await this.applications.amend(actor, id, changes, version));
  }

  @Get('challenge-applications/:id/attachments')
  @ApiOperation({ summary: '申报材料, oldest first (whoever reads the application: its experts included); download with GET /attachments/:id' })
  async attachmentList(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<AttachmentView[]> {
    return (await this.attachments.list(actor, 'application', id)).map(AttachmentView.from);
  }

  @AttachmentUploadRoute('challenge-applications/:id/attachments', 'Attach a document (申报书, PDF, PNG, JPEG or Office, at most 10 MB, 10 in all) while the application may be revised; removed with DELETE /attachments/:id')
  async attach(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @UploadedFile() file: UploadedFileLike | undefined): Promise<AttachmentView> {
    return AttachmentView.from(await this.attachments.add(actor, 'application', id, uploadedFile(file)));
  }

  @Post('challenge-applications/:id/reviews')
  @HttpCode(200)
  @ApiOperation({ summary: 'Score the application at the stage named, its current one (the challenge’s owner, organizers, experts appointed for the stage); scoring again revises your score; with `version`, only the application as you read it' })
  async review(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @Body() body: ReviewDto): Promise<ApplicationView> {
    return ApplicationView.from(await this.applications.review(actor, id, body));
  }

  @Post('challenge-applications/:id/actions/:action')
  @HttpCode(200)
  @ApiParam({ name: 'action', enum: ACTIONS, description: 'advance (to 现场考察, then 综合论证), reject (with a note), award (挂帅, after 综合论证): the reviewing side; withdraw: the applicant' })
  @ApiOperation({ summary: 'Decide an application under review, or withdraw your own; a step not allowed from where it stands is a 409' })
  async act(@CurrentActor() actor: Actor, @UuidParam('id') id: string, @ActionParam(ACTIONS) action: ApplicationAction, @Body() body: ApplicationActionDto): Promise<ApplicationView> {
    return ApplicationView.from(await this.applications.act(actor, id, action, body));
  }
}
