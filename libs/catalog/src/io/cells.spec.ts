import { CooperationModes } from '@techbridge/domain';
import { amount, CellError, codes, date, list, paragraphs, yesNo } from './cells';

describe('spreadsheet cells', () => {
  it('reads amounts: figures, ranges in several notations, 面议', () => {
    expect(amount('50')).toEqual({ minWan: 50, maxWan: 50 });
    expect(amount('50-120')).toEqual({ minWan: 50, maxWan: 120 });
    expect(amount('50～120万元')).toEqual({ minWan: 50, maxWan: 120 });
    expect(amount('50至120')).toEqual({ minWan: 50, maxWan: 120 });
    expect(amount('面议')).toEqual({ negotiable: true });
    expect(() => amount('五十万')).toThrow(CellError);
    for (const bad of ['-50', '-', '50-', '~120']) expect(() => amount(bad)).toThrow(CellError);
  });
  it('reads lists with Chinese separators, and prose one entry per line or ；', () => {
    expect(list('钛合金、熔炼，轧制; 锻造')).toEqual(['钛合金', '熔炼', '轧制', '锻造']);
    expect(paragraphs('提前3个月发现，误报率≤5%；支持接入SCADA\n成本≤8万元')).toEqual(['提前3个月发现，误报率≤5%', '支持接入SCADA', '成本≤8万元']);
  });
  it('reads codes from labels or codes, and says which values are allowed', () => {
    expect(codes(CooperationModes, '技术许可、joint_development', '合作方式')).toEqual(['license', 'joint_development']);
    expect(() => codes(CooperationModes, '租赁', '合作方式')).toThrow(/合作方式.*技术转让/);
  });
  it('reads dates and yes/no as people write them', () => {
    expect(date('2027/3/1')).toBe('2027-03-01');
    expect(date('2027年12月31日')).toBe('2027-12-31');
    expect(() => date('明年')).toThrow(CellError);
    expect(yesNo('是')).toBe(true);
    expect(yesNo('')).toBe(false);
    expect(() => yesNo('也许')).toThrow(CellError);
  });
});
