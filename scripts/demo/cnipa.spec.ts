import { cnipaCheck, cnipaNumber, isValidCnipaNumber, softwareCopyrightNumber } from './cnipa';

describe('cnipaNumber', () => {
  it('computes the check character with weights 2…9,2…5 modulo 11', () => {
    // 2·2+0·3+2·4+1·5+1·6+0·7+1·8+2·9+3·2+4·3+5·4+6·5 = 117; 117 mod 11 = 7
    expect(cnipaNumber(2021, 1, 123456)).toBe('202110123456.7');
  });

  it('writes a remainder of 10 as X', () => {
    const found = Array.from({ length: 200 }, (_, serial) => cnipaNumber(2020, 2, serial)).find((n) => n.endsWith('X'));
    expect(found).toBeDefined();
    const digits = found!.slice(0, 12);
    const sum = [...digits].reduce((acc, d, i) => acc + Number(d) * [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5][i], 0);
    expect(sum % 11).toBe(10);
  });

  it('puts the type digit in fifth place and pads the serial to seven digits', () => {
    expect(cnipaNumber(2019, 2, 42)).toMatch(/^201920000042\.[\dX]$/);
    expect(cnipaNumber(2023, 3, 9_999_999)).toMatch(/^202339999999\.[\dX]$/);
  });

  it('round-trips through the validator and rejects a wrong check character', () => {
    for (let serial = 0; serial < 500; serial += 7) {
      const number = cnipaNumber(2022, 1, 1_000_000 + serial);
      expect(isValidCnipaNumber(number)).toBe(true);
      const wrong = number.slice(0, -1) + (number.endsWith('0') ? '1' : '0');
      expect(isValidCnipaNumber(wrong)).toBe(false);
    }
  });

  it('refuses out-of-range input', () => {
    expect(() => cnipaNumber(1999, 1, 1)).toThrow();
    expect(() => cnipaNumber(2021, 1, 10_000_000)).toThrow();
    expect(() => cnipaCheck('12345')).toThrow();
  });

  it('formats software copyright numbers', () => {
    expect(softwareCopyrightNumber(2022, 123456)).toBe('2022SR0123456');
  });
});
