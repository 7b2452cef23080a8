import { creditCodeCheckCharacter, creditCodeProblem, normalizeCreditCode } from './credit-code';

describe('统一社会信用代码 (GB 32100)', () => {
  // Published codes of well-known organisations (their check characters are part of the record).
  it.each(['91110000100005888C', '911100001000079554', '91440300708461136T'])('accepts %s', (code) => {
    expect(creditCodeProblem(code)).toBeUndefined();
  });

  it('rejects a wrong check character', () => {
    expect(creditCodeProblem('91110000100005888D')).toBe('check_character');
  });

  it('rejects letters outside the alphabet (I, O, S, V, Z) and wrong lengths', () => {
    expect(creditCodeProblem('91110000100005888O')).toBe('characters');
    expect(creditCodeProblem('9111000010000588')).toBe('length');
  });

  it('computes the check character that makes a code valid', () => {
    const first17 = '91210211MA0QCX1B2';
    expect(creditCodeProblem(first17 + creditCodeCheckCharacter(first17))).toBeUndefined();
  });

  it('normalises pasted codes', () => {
    expect(normalizeCreditCode(' 9111 0000 1000 0588 8c ')).toBe('91110000100005888C');
  });
});
