import { contractProblems } from './deal-lifecycle';

const TODAY = '2026-12-06';
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
    expect(fields('registered', { amountWan: 1, signedOn: '2026-12-01', registrationNumber: 'X', registeredOn: '2026-12-07' })).toEqual(['registeredOn']);
  });

  it('needs the registration number and day once registered, not before signing', () => {
    expect(fields('registered', { amountWan: 1, signedOn: '2026-12-01' })).toEqual(['registrationNumber', 'registeredOn']);
    expect(fields('registered', { amountWan: 1, signedOn: '2026-12-01', registrationNumber: 'X', registeredOn: '2026-11-30' })).toEqual(['registeredOn']);
    expect(fields('registered', { amountWan: 1, signedOn: '2026-12-01', registrationNumber: 'X', registeredOn: '2026-12-01' })).toEqual([]);
  });

  it('refuses a day that does not exist', () => {
    expect(fields('signed', { amountWan: 1, signedOn: '2026-02-30' })).toEqual(['signedOn']);
  });
});
