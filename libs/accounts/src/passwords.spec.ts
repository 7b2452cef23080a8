import { hashPassword, passwordMatches, passwordProblem } from './passwords';

describe('passwords', () => {
  it('hash with argon2id and verify', async () => {
    const stored = await hashPassword('Correct-horse-42');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await passwordMatches(stored, 'Correct-horse-42')).toBe(true);
    expect(await passwordMatches(stored, 'correct-horse-42')).toBe(false);
    expect(await passwordMatches('not-a-hash', 'x')).toBe(false);
  });

  it.each([
    ['short1', 'tooShort'],
    ['onlyletterslong', 'tooSimple'],
    ['1234567890123', 'tooSimple'],
    ['zhangwei-2024-pass', 'containsEmail'],
  ])('refuses %s (%s)', (password, code) => {
    expect(passwordProblem(password, 'zhangwei@example.com')?.code).toBe(code);
  });

  it('accepts a long password with letters and digits, Chinese letters included', () => {
    expect(passwordProblem('科技成果转化2024abc', 'a@b.cn')).toBeUndefined();
  });
});
