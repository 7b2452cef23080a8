import { applyDecorators, Controller, Delete, Get, HttpCode, Post, Res, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { attachmentFileName, AttachmentsService } from '@techbridge/catalog';
import type { Actor, Attachment } from '@techbridge/domain';
import type { Response } from 'express';
import { CurrentActor, OptionalActor, Public } from '../http/auth.guard';
import { AttachmentUpload, UPLOAD_BODY } from '../http/file-upload';
import { UuidParam } from '../http/uuid-param';

export class AttachmentView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['demand', 'achievement', 'application', 'organization', 'deal', 'match'], description: 'what it belongs to: a demand, an achievement, a 揭榜 application, an organisation, a deal or a match (对接资料)' }) itemKind: string;
  @ApiProperty() itemId: string;
  @ApiProperty({ example: '第三方检测报告.pdf' }) fileName: string;
  @ApiProperty({ description: 'read from the content', example: 'application/pdf' }) contentType: string;
  @ApiProperty({ description: 'bytes' }) size: number;
  @ApiProperty({ description: 'SHA-256 of the content, hex' }) sha256: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty({ example: '/api/v1/attachments/…' }) downloadPath: string;

  static from(a: Attachment): AttachmentView {
    const { id, itemKind, itemId, contentType, size, sha256, createdAt } = a;
    const fileName = attachmentFileName(a.fileName, contentType);
    return Object.assign(new AttachmentView(), { id, itemKind, itemId, fileName, contentType, size, sha256, createdAt, downloadPath: `/api/v1/attachments/${id}` });
  }
}

/** The route that adds a document to what it belongs to: one file in the multipart field "file", at most 10 MB. */
export const AttachmentUploadRoute = (path: string, summary: string): MethodDecorator =>
  applyDecorators(Post(path), UseInterceptors(AttachmentUpload), ApiConsumes('multipart/form-data'), ApiBody(UPLOAD_BODY), ApiOperation({ summary }));

/** `attachment; filename="…"` with an ASCII stand-in for old clients and the real name as RFC 5987 UTF-8. */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

@ApiTags('demands', 'achievements')
@ApiBearerAuth()
@Controller('attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Get(':id')
  @Public()
  @ApiProduces('application/octet-stream')
  @ApiOperation({ summary: 'Download an attachment (whoever reads what it belongs to in full; others get a 404)' })
  async download(@OptionalActor() actor: Actor | null, @UuidParam('id') id: string, @Res() res: Response): Promise<void> {
    const attachment = await this.attachments.download(actor, id);
    res.setHeader('Content-Type', attachment.contentType);
    // Saved under a name whose extension fits its type, also for one stored before names were checked (报告.hta → 报告.hta.pdf).
    res.setHeader('Content-Disposition', contentDisposition(attachmentFileName(attachment.fileName, attachment.contentType)));
    // A confidential item's documents are not kept by shared caches; the type is never guessed from the content.
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(attachment.content);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an attachment (whoever may add it: an item’s owner, a broker serving it, admins; an application’s applicant while it may be revised; a deal’s parties)' })
  async remove(@CurrentActor() actor: Actor, @UuidParam('id') id: string): Promise<void> {
    await this.attachments.remove(actor, id);
  }
}
