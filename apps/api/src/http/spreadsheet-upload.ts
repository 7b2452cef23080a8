import { BadRequestException, type CallHandler, type ExecutionContext, PayloadTooLargeException } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { TooLargeError, ValidationError } from '@techbridge/domain';
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
 * One spreadsheet in the multipart field "file". What multer and busboy refuse (a second file, another
 * field name, a body they cannot parse, a file over the limit) reaches the client in the API's error
 * shape, naming the field at fault, like any other bad input.
 */
export class SpreadsheetUpload extends FileInterceptor('file', { limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1 } }) {
  override async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await super.intercept(context, next);
    } catch (error) {
      throw uploadProblem(error);
    }
  }
}

/** Nest keeps multer's error (its `code` and `field`) as the cause; busboy's carry only a message. */
export function uploadProblem(error: unknown): unknown {
  if (error instanceof PayloadTooLargeException) return new TooLargeError('file', `the file is larger than the ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB limit`);
  if (!(error instanceof BadRequestException)) return error;
  const cause = (error.cause ?? {}) as { code?: unknown; field?: unknown; message?: unknown };
  const field = typeof cause.field === 'string' && cause.field ? cause.field : 'file';
  switch (cause.code) {
    case 'LIMIT_UNEXPECTED_FILE':
      return ValidationError.of(field, 'unexpected', 'send the spreadsheet in the field "file", and nothing else');
    case 'LIMIT_FILE_COUNT':
      return ValidationError.of('file', 'maxCount', 'send one file');
    case undefined:
      return ValidationError.of('file', 'malformed', `the multipart body could not be read: ${String(cause.message ?? error.message)}`);
    default:
      return ValidationError.of(field, 'invalid', String(cause.message ?? error.message));
  }
}
