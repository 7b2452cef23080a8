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
  it('refuses figures finer than the two decimals stored, naming the figure', () => {
    for (const wan of [0.29, 0.01, 1.5, 9_999_999.99]) expect(codes({ minWan: wan, maxWan: wan })).toEqual([]);
    const fine = (a: Parameters<typeof amountProblems>[1]) => amountProblems('price', a).map((p) => `${p.field}:${p.code}`);
    expect(fine({ minWan: 0.001 })).toEqual(['price.minWan:decimals']);
    expect(fine({ minWan: 1.005, maxWan: 2.125 })).toEqual(['price.minWan:decimals', 'price.maxWan:decimals']);
  });
  it('stores a single figure as min = max so range filters treat it alike', () => {
    expect(normalizeAmount({ maxWan: 80 })).toEqual({ min: 80, max: 80, negotiable: false });
    expect(normalizeAmount({ negotiable: true, minWan: 3 })).toEqual({ min: null, max: null, negotiable: true });
  });
});
