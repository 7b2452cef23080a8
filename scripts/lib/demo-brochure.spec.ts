import { sniffContentType } from '@techbridge/catalog';
import { brochurePdf } from './demo-brochure';

describe('the demo brochure', () => {
  it('is a PDF whose cross-reference table points at each of its objects', () => {
    const pdf = brochurePdf(['TechBridge demo brochure', 'DEMO-A-0001', '(TRL 6) \\ 中文 stays ASCII']);
    const text = pdf.toString('latin1');
    expect(sniffContentType(pdf, '成果简介.pdf')).toBe('application/pdf');
    expect(text.endsWith('%%EOF\n')).toBe(true);
    const offsets = [...text.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    expect(offsets).toHaveLength(5);
    offsets.forEach((at, i) => expect(text.slice(at, at + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`));
    const startxref = Number(/startxref\n(\d+)\n/.exec(text)![1]);
    expect(text.slice(startxref, startxref + 4)).toBe('xref');
    expect(text).toContain('(\\(TRL 6\\) \\\\ ?? stays ASCII)');
  });
});
