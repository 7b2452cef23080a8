import { attachmentFileName, attachmentProblems, cleanFileName, sniffContentType } from './attachment-rules';

const bytes = (...b: number[]) => Buffer.from([...b, 0x00, 0x01, 0x02]);

describe('attachment rules', () => {
  it.each([
    ['report.pdf', Buffer.from('%PDF-1.7\n…'), 'application/pdf'],
    ['photo.PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'image/png'],
    ['site.jpg', bytes(0xff, 0xd8, 0xff, 0xe0), 'image/jpeg'],
    ['方案.docx', bytes(0x50, 0x4b, 0x03, 0x04), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['数据.xlsx', bytes(0x50, 0x4b, 0x03, 0x04), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['路演.pptx', bytes(0x50, 0x4b, 0x03, 0x04), 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
    ['旧版.doc', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), 'application/msword'],
  ])('reads %s as %s from its first bytes', (name, content, type) => {
    expect(sniffContentType(content, name)).toBe(type);
  });

  it.each([
    ['a page of HTML named .pdf', 'fake.pdf', Buffer.from('<html><script>alert(1)</script>')],
    ['a ZIP that is no Office file', 'archive.zip', bytes(0x50, 0x4b, 0x03, 0x04)],
    ['an executable', 'setup.exe', Buffer.from('MZ\x90\x00')],
    ['plain text', 'notes.txt', Buffer.from('说明')],
  ])('refuses %s', (_what, name, content) => {
    expect(sniffContentType(content, name)).toBeUndefined();
    expect(attachmentProblems(content, name, 1024)).toEqual([expect.objectContaining({ field: 'file', code: 'unsupportedType' })]);
  });

  it('refuses empty and oversized files, naming the field', () => {
    expect(attachmentProblems(Buffer.alloc(0), 'a.pdf', 1024)).toEqual([expect.objectContaining({ field: 'file', code: 'empty' })]);
    expect(attachmentProblems(Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(2048)]), 'a.pdf', 1024)).toEqual([expect.objectContaining({ field: 'file', code: 'tooLarge' })]);
    expect(attachmentProblems(Buffer.from('%PDF-1.4'), 'a.pdf', 1024)).toEqual([]);
  });

  const PDF = Buffer.from('%PDF-1.7\n…');
  const PNG = bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
  const JPEG = bytes(0xff, 0xd8, 0xff, 0xe0);

  it.each([
    ['a PDF named .hta', PDF, '检测报告.hta', '.hta', '.pdf'],
    ['a PDF named .bat', PDF, '检测报告.bat', '.bat', '.pdf'],
    ['a PDF named .html', PDF, 'report.pdf.html', '.html', '.pdf'],
    ['a PNG named .svg', PNG, '现场照片.svg', '.svg', '.png'],
    ['a JPEG named .exe', JPEG, 'IMG_0001.exe', '.exe', '.jpg or .jpeg'],
    ['a PDF named .png', PDF, '证书.png', '.png', '.pdf'],
  ])('refuses %s, saying which extension fits', (_what, content, name, given, fitting) => {
    const problems = attachmentProblems(content, name, 1024);
    expect(problems).toEqual([expect.objectContaining({ field: 'file', code: 'extensionMismatch' })]);
    expect(problems[0]!.message).toContain(given);
    expect(problems[0]!.message).toContain(fitting);
  });

  it.each([
    ['a PDF named .PDF', PDF, '检测报告（2026）.PDF'],
    ['a PNG named .png', PNG, 'photo.png'],
    ['a JPEG named .jpg', JPEG, 'site.jpg'],
    ['a JPEG named .jpeg', JPEG, 'site.JPEG'],
    ['a PDF named without extension', PDF, '检测报告'],
    ['a PDF named with a version at the end', PDF, '方案 v1.2'],
  ])('accepts %s', (_what, content, name) => {
    expect(attachmentProblems(content, name, 1024)).toEqual([]);
  });

  it('stores a name that fits as it is, and gives one without extension (or, stored before, a wrong one) the type\'s', () => {
    expect(attachmentFileName('检测报告（2026）.pdf', 'application/pdf')).toBe('检测报告（2026）.pdf');
    expect(attachmentFileName('site.JPEG', 'image/jpeg')).toBe('site.JPEG');
    expect(attachmentFileName('方案.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toBe('方案.docx');
    expect(attachmentFileName('检测报告', 'application/pdf')).toBe('检测报告.pdf');
    expect(attachmentFileName('方案 v1.2', 'application/pdf')).toBe('方案 v1.2.pdf');
    expect(attachmentFileName('现场照片', 'image/jpeg')).toBe('现场照片.jpg');
    expect(attachmentFileName('检测报告.hta', 'application/pdf')).toBe('检测报告.hta.pdf');
    const long = attachmentFileName('名'.repeat(200), 'application/pdf');
    expect(long).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('keeps the name people gave the file, without paths or characters a download header cannot carry', () => {
    expect(cleanFileName('检测报告（2026）.pdf')).toBe('检测报告（2026）.pdf');
    expect(cleanFileName('C:\\Users\\张工\\桌面\\方案.docx')).toBe('方案.docx');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a"b<c>\r\n.pdf')).toBe('abc.pdf');
    expect(cleanFileName('...')).toBe('attachment');
    // A right-to-left override would show 报告\u202Efdp.hta as 报告ath.pdf.
    expect(cleanFileName('报告\u202Efdp.hta')).toBe('报告fdp.hta');
    expect(cleanFileName('a\u2067b\u200f.pdf')).toBe('ab.pdf');
    const long = cleanFileName(`${'很长的名字'.repeat(60)}.pdf`);
    expect(long).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });
});
