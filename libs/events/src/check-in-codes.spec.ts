import { newCheckInCode } from './check-in-codes';

describe('check-in codes', () => {
  it('are 16 letters and digits a person reads back without confusion, and differ', () => {
    const codes = Array.from({ length: 2000 }, newCheckInCode);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
