import { contentForms, normalizeText } from './normalize';

describe('normalizeText', () => {
  it('folds full-width letters, digits and punctuation to half-width and lower case', () => {
    expect(normalizeText('ＳＯＦＣ电池，功率１２０ｋＷ')).toBe('sofc电池,功率120kw');
  });

  it('turns unit symbols into letters so 30℃ and 30°C compare equal', () => {
    expect(normalizeText('30℃')).toBe(normalizeText('30°C'));
  });
});

describe('contentForms', () => {
  it.each([['，'], ['x'], [' ']])('drops %j, which carries no topic', (token) => {
    expect(contentForms(token)).toEqual([]);
  });

  it.each([
    ['30rpm', ['30rpm', 'rpm']],
    ['0.015', ['0.015']],
    ['3d', ['3d']],
    ['ni60', ['ni60']],
    ['sofc', ['sofc']],
    ['轴承', ['轴承']],
  ])('indexes %s as %j', (token, expected) => {
    expect(contentForms(token)).toEqual(expected);
  });
});
