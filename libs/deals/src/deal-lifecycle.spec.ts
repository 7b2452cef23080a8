import { contractProblems, MAX_AMOUNT_WAN, registrationNumberProblem } from './deal-lifecycle';

const TODAY = '2026-12-06';
const NUMBER = '2026210200001234';
const fields = (stage: Parameters<typeof contractProblems>[0], facts: Parameters<typeof contractProblems>[1]): string[] =>
  contractProblems(stage, facts, TODAY).map((p) => p.field);

describe('contractProblems', () => {
  it('asks nothing of an intent but takes an intended amount', () => {
    expect(fields('intent', {})).toEqual([]);
    expect(fields('intent', { amountWan: 50 })).toEqual([]);
  });

  it('refuses facts of a later stage instead of dropping them', () => {
    expect(fields('intent', { signedOn: '2026-11-30' })).toEqual(['signedOn']);
    expect(fields('signed', { amountWan: 1, signedOn: '2026-11-30', registrationNumber: '2026210200000001' })).toEqual(['registrationNumber']);
  });

  it('needs the amount and the signing day once signed', () => {
    expect(fields('signed', {})).toEqual(['amountWan', 'signedOn']);
    expect(fields('signed', { amountWan: 120, signedOn: '2026-11-30' })).toEqual([]);
  });

  it('accepts an amount of zero as given (a free licence is still a contract)', () => {
    expect(fields('signed', { amountWan: 0, signedOn: '2026-11-30' })).toEqual([]);
  });

  it('refuses days in the future', () => {
    expect(fields('signed', { amountWan: 1, signedOn: '2026-12-07' })).toEqual(['signedOn']);
    expect(fields('registered', { amountWan: 1, signedOn: '2026-12-01', registrationNumber: NUMBER, registeredOn: '2026-12-07' })).toEqual(['registeredOn']);
  });

  it('needs the registration number and day once registered, not before signing', () => {
    expect(fields('registered', { amountWan: 1, signedOn: '2026-12-01' })).toEqual(['registrationNumber', 'registeredOn']);
    expect(fields('registered', { amountWan: 1, signedOn: '2026-12-01', registrationNumber: NUMBER, registeredOn: '2026-11-30' })).toEqual(['registeredOn']);
    expect(fields('registered', { amountWan: 1, signedOn: '2026-12-01', registrationNumber: NUMBER, registeredOn: '2026-12-01' })).toEqual([]);
  });

  it('refuses a day that does not exist', () => {
    expect(fields('signed', { amountWan: 1, signedOn: '2026-02-30' })).toEqual(['signedOn']);
  });

  it('refuses an amount beyond any single contract, at every stage', () => {
    expect(fields('intent', { amountWan: MAX_AMOUNT_WAN + 1 })).toEqual(['amountWan']);
    expect(fields('signed', { amountWan: 900_000_000, signedOn: '2026-11-30' })).toEqual(['amountWan']);
    expect(fields('signed', { amountWan: MAX_AMOUNT_WAN, signedOn: '2026-11-30' })).toEqual([]);
  });

  it('refuses a registration number that is not one', () => {
    expect(fields('registered', { amountWan: 1, signedOn: '2026-12-01', registrationNumber: 'AAAAAA', registeredOn: '2026-12-01' })).toEqual(['registrationNumber']);
  });
});

describe('registrationNumberProblem', () => {
  it('takes the year, region code and serial as registries print them, with letters or single dashes', () => {
    for (const n of ['2024210200001234', '1985110000000001', '2099-2102-0000-01', '2025ab210200001', '2025JS2102000001']) expect([n, registrationNumberProblem(n)]).toEqual([n, null]);
  });

  it('names what is wrong with anything else', () => {
    const cases: Array<[string, RegExp]> = [
      ['------', /dashes/],
      ['-2024210200001', /dashes/],
      ['2024210200001-', /dashes/],
      ['2024--210200001', /dashes/],
      ['AAAAAA', /year/],
      ['JS2025AB01', /year/],
      ['1984210200001234', /year/],
      ['2100210200001234', /year/],
      ['2024ABCDEF', /10 digits/],
      ['202421020', /10 digits/],
      ['2024 210200001', /digits, letters or dashes/],
      ['2024210200001234'.repeat(3), /at most 40/],
    ];
    for (const [n, reason] of cases) expect([n, registrationNumberProblem(n)]).toEqual([n, expect.stringMatching(reason)]);
  });
});
