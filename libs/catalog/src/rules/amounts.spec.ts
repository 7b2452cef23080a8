import { amountProblems, normalizeAmount } from './amounts';

describe('amounts in 万元', () => {
  const codes = (a: Parameters<typeof amountProblems>[1]) => amountProblems('budget', a).map((p) => p.code);
  it('accepts ranges, single figures and 面议', () => {
    expect(codes({ minWan: 50, maxWan: 120 })).toEqual([]);
    expect(codes({ maxWan: 80 })).toEqual([]);
    expect(codes({ negotiable: true })).toEqual([]);
  });
  it('refuses contradictions and nonsense', () => {
    expect(codes({ minWan: 120, maxWan: 50 })).toEqual(['minAboveMax']);
    expect(codes({ negotiable: true, maxWan: 1 })).toEqual(['negotiableWithFigures']);
    expect(codes({})).toEqual(['required']);
    expect(codes({ minWan: -5 })).toEqual(['outOfRange']);
    expect(codes({ minWan: Number.NaN })).toEqual(['outOfRange']);
  });
  it('stores a single figure as min = max so range filters treat it alike', () => {
    expect(normalizeAmount({ maxWan: 80 })).toEqual({ min: 80, max: 80, negotiable: false });
    expect(normalizeAmount({ negotiable: true, minWan: 3 })).toEqual({ min: null, max: null, negotiable: true });
  });
});
