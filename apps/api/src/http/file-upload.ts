import { BadRequestException, type CallHandler, type ExecutionContext, type NestInterceptor, PayloadTooLargeException, type Type } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ATTACHMENT_MAX_BYTES, TooLargeError, ValidationError } from '@techbridge/domain';
import type { Observable } from 'rxjs';

/** Spreadsheets up to 64 MB (well over 100,000 rows); larger uploads are a 413. */
export const UPLOAD_LIMIT_BYTES = 64 * 1024 * 1024;

export interface UploadedFileLike {
  originalname: string;
  buffer: Buffer;
}

/** The uploaded file as the use cases take it; none at all is a 400 naming the field. */
export function uploadedFile(file: UploadedFileLike | undefined): { originalName: string; content: Buffer } {
  if (!file) throw ValidationError.of('file', 'required', 'file is required (multipart/form-data, field "file")');
  return { originalName: file.originalname, content: file.buffer };
}

/** The OpenAPI body of an upload route. */
export const UPLOAD_BODY = { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } };

/**
 * One file in the multipart field "file", at most `limitBytes`. What multer and busboy refuse (a
 * second file, another field name, a body they cannot parse, a file over the limit) reaches the
 * client in the API's error shape, naming the field at fault, like any other bad input. File names
 * are read as UTF-8, as browsers send them (检测报告.pdf, not its Latin-1 mojibake).
 */
function singleFileUpload(limitBytes: number, what: string): Type<NestInterceptor> {
  return class extends FileInterceptor('file', { limits: { fileSize: limitBytes, files: 1 }, defParamCharset: 'utf8' }) {
    override async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
      try {
        return await super.intercept(context, next);
      } catch (error) {
        throw uploadProblem(error, limitBytes, what);
      }
    }
  };
}

export const SpreadsheetUpload = singleFileUpload(UPLOAD_LIMIT_BYTES, 'the spreadsheet');
export const AttachmentUpload = singleFileUpload(ATTACHMENT_MAX_BYTES, 'the document');

/** Nest keeps multer's error (its `code` and `field`) as the cause; busboy's carry only a message. */
export function uploadProblem(error: unknown, limitBytes = UPLOAD_LIMIT_BYTES, what = 'the spreadsheet'): unknown {
  if (error instanceof PayloadTooLargeException) return new TooLargeError('file', `the file is larger than the ${limitBytes / 1024 / 1024} MB limit`);
  if (!(error instanceof BadRequestException)) return error;
  const cause = (error.cause ?? {}) as { code?: unknown; field?: unknown; message?: unknown };
  const field = typeof cause.field === 'string' && cause.field ? cause.field : 'file';
  switch (cause.code) {
    case 'LIMIT_UNEXPECTED_FILE':
      return ValidationError.of(field, 'unexpected', `send ${what} in the field "file", and nothing else`);
    case 'LIMIT_FILE_COUNT':
      return ValidationError.of('file', 'maxCount', 'send one file');
    case undefined:
      return ValidationError.of('file', 'malformed', `the multipart body could not be read: ${String(cause.message ?? error.message)}`);
    default:
      return ValidationError.of(field, 'invalid', String(cause.message ?? error.message));
  }
}
