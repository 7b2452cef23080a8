import { type FieldProblem, ValidationError } from '@techbridge/domain';

/** What an attachment may be: documents and pictures people exchange about a technology. */
const OOXML: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};
const LEGACY_OFFICE: Record<string, string> = { doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint' };

const startsWith = (content: Buffer, ...bytes: number[]) => content.length >= bytes.length && bytes.every((b, i) => content[i] === b);
const extensionOf = (fileName: string) => /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';

export const ACCEPTED_ATTACHMENTS = 'PDF, PNG, JPEG, Word, Excel or PowerPoint';

/**
 * The content type read from the file's own first bytes, so a client cannot label a page of
 * HTML as a PDF; the extension only tells the Office formats that share a container apart.
 * Undefined for anything else.
 */
export function sniffContentType(content: Buffer, fileName: string): string | undefined {
  if (startsWith(content, 0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (startsWith(content, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (startsWith(content, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  const extension = extensionOf(fileName);
  if (startsWith(content, 0x50, 0x4b, 0x03, 0x04)) return OOXML[extension]; // a ZIP container
  if (startsWith(content, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return LEGACY_OFFICE[extension]; // an OLE compound file
  return undefined;
}

/** The uploaded name without any path, control or reserved characters, at most 200 characters; never empty. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '').trim().replace(/^\.+/, '');
  if (!clean) return 'attachment';
  if (clean.length <= 200) return clean;
  const extension = extensionOf(clean);
  return extension && extension.length < 10 ? `${clean.slice(0, 199 - extension.length)}.${extension}` : clean.slice(0, 200);
}

/** Problems with an upload, each naming the field `file`. */
export function attachmentProblems(content: Buffer, fileName: string, maxBytes: number): FieldProblem[] {
  if (content.length === 0) return [{ field: 'file', code: 'empty', message: 'the file is empty' }];
  if (content.length > maxBytes) return [{ field: 'file', code: 'tooLarge', message: `the file is larger than ${maxBytes / 1024 / 1024} MB` }];
  if (!sniffContentType(content, fileName)) return [{ field: 'file', code: 'unsupportedType', message: `attach a ${ACCEPTED_ATTACHMENTS} file` }];
  return [];
}

export const assertAttachment = (content: Buffer, fileName: string, maxBytes: number): void => ValidationError.throwIfAny(attachmentProblems(content, fileName, maxBytes));
