import { cnipaCheckCharacter, ipNumberProblem } from './ip-rights';

describe('CNIPA numbers', () => {
  it('computes the check character (10 is X)', () => {
    expect(cnipaCheckCharacter('202110123456')).toBe('7');
    // Find a serial whose check is 10 to pin the X rule.
    const withX = Array.from({ length: 200 }, (_, i) => `2020100${String(i).padStart(5, '0')}`).find((d) => cnipaCheckCharacter(d) === 'X');
    expect(withX).toBeDefined();
    expect(ipNumberProblem('invention_patent', `${withX}.X`)).toBeUndefined();
  });

  it('accepts granted (ZL) and application numbers, old 8-digit ones too', () => {
    expect(ipNumberProblem('invention_patent', 'ZL202110123456.7')).toBeUndefined();
    expect(ipNumberProblem('invention_patent', '202110123456.7')).toBeUndefined();
    const old = '99112345';
    expect(ipNumberProblem('invention_patent', `ZL${old}.${cnipaCheckCharacter(old)}`)).toBeUndefined();
  });

  it('matches the kind to the type digit', () => {
    const utility = '202120123456';
    expect(ipNumberProblem('utility_model', `${utility}.${cnipaCheckCharacter(utility)}`)).toBeUndefined();
    expect(ipNumberProblem('invention_patent', `${utility}.${cnipaCheckCharacter(utility)}`)).toBe('kind_mismatch');
  });

  it('explains what is wrong', () => {
    expect(ipNumberProblem('invention_patent', 'ZL202110123456.8')).toBe('check_character');
    expect(ipNumberProblem('invention_patent', 'CN1234')).toBe('format');
    expect(ipNumberProblem('invention_patent', '')).toBe('missing');
    expect(ipNumberProblem('know_how', 'ZL202110123456.7')).toBe('unexpected');
    expect(ipNumberProblem('know_how', null)).toBeUndefined();
    expect(ipNumberProblem('software_copyright', '2021SR0123456')).toBeUndefined();
    expect(ipNumberProblem('software_copyright', '2021-0123456')).toBe('format');
  });
});
