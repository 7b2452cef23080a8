import { type FieldProblem, ValidationError } from '@techbridge/domain';

/** What an attachment may be: documents and pictures people exchange about a technology. */
const OOXML: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};
const LEGACY_OFFICE: Record<string, string> = { doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint' };

/**
 * Each accepted type: what people call it, and the extensions a name of it may end in (the first is
 * given to a name that has none). A name whose extension is another type's would be opened by another
 * program once downloaded (a PDF named 报告.hta runs as an HTML application on Windows).
 */
const TYPES: Record<string, { label: string; extensions: readonly string[] }> = {
  'application/pdf': { label: 'PDF', extensions: ['pdf'] },
  'image/png': { label: 'PNG', extensions: ['png'] },
  'image/jpeg': { label: 'JPEG', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'] },
  [OOXML.docx]: { label: 'Word', extensions: ['docx'] },
  [OOXML.xlsx]: { label: 'Excel', extensions: ['xlsx'] },
  [OOXML.pptx]: { label: 'PowerPoint', extensions: ['pptx'] },
  [LEGACY_OFFICE.doc]: { label: 'Word', extensions: ['doc'] },
  [LEGACY_OFFICE.xls]: { label: 'Excel', extensions: ['xls'] },
  [LEGACY_OFFICE.ppt]: { label: 'PowerPoint', extensions: ['ppt'] },
};

const startsWith = (content: Buffer, ...bytes: number[]) => content.length >= bytes.length && bytes.every((b, i) => content[i] === b);
/** What follows the last dot, if it has a letter: a version or a date at the end of a name (方案 v1.2, 周报 2026.03) is no extension. */
const extensionOf = (fileName: string) => /\.([a-z0-9]*[a-z][a-z0-9]*)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';

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

/**
 * An uploaded file's name (an attachment's, an imported spreadsheet's) without any path, control,
 * reserved or direction-changing characters (U+202E would show 报告\u202Efdp.hta as 报告ath.pdf), at
 * most 200 characters; never empty.
 */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"<>|:*?]/g, '').trim().replace(/^\.+/, '');
  if (!clean) return 'attachment';
  if (clean.length <= 200) return clean;
  const extension = extensionOf(clean);
  return extension && extension.length < 10 ? `${clean.slice(0, 199 - extension.length)}.${extension}` : clean.slice(0, 200);
}

/**
 * The name a document of `contentType` is stored and served under: its own when its extension fits
 * the type, else with the type's extension added (a name without one; one stored before names were
 * checked). At most 200 characters.
 */
export function attachmentFileName(fileName: string, contentType: string): string {
  const type = TYPES[contentType];
  if (!type || type.extensions.includes(extensionOf(fileName))) return fileName;
  const extension = `.${type.extensions[0]}`;
  return `${fileName.slice(0, 200 - extension.length)}${extension}`;
}

/** Problems with an upload (its name cleaned), each naming the field `file`. */
export function attachmentProblems(content: Buffer, fileName: string, maxBytes: number): FieldProblem[] {
  if (content.length === 0) return [{ field: 'file', code: 'empty', message: 'the file is empty' }];
  if (content.length > maxBytes) return [{ field: 'file', code: 'tooLarge', message: `the file is larger than ${maxBytes / 1024 / 1024} MB` }];
  const contentType = sniffContentType(content, fileName);
  if (!contentType) return [{ field: 'file', code: 'unsupportedType', message: `attach a ${ACCEPTED_ATTACHMENTS} file` }];
  const extension = extensionOf(fileName);
  const { label, extensions } = TYPES[contentType];
  if (extension && !extensions.includes(extension)) {
    const fitting = extensions.map((e) => `.${e}`).join(' or ');
    return [{ field: 'file', code: 'extensionMismatch', message: `the file is a ${label} file but its name ends in .${extension}: name it ${fitting}` }];
  }
  return [];
}

export const assertAttachment = (content: Buffer, fileName: string, maxBytes: number): void => ValidationError.throwIfAny(attachmentProblems(content, fileName, maxBytes));
