/**
 * Text normalisation shared by indexing and querying, so both sides compare like with like.
 * NFKC folds full-width letters, digits and punctuation (Ａ１２，) to half-width and unit
 * symbols (℃, ㎜) to letters; case folding makes "SOFC" and "sofc" one term.
 */
export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u3000\s]+/g, ' ')
    .replace(/μ|µ/g, 'u');
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
const HAS_LETTER_OR_DIGIT = /[a-z0-9\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
/** A figure with a Latin unit ("30rpm", "2mw", "12v"): indexed whole and as its unit. */
const MEASUREMENT = /^\d+(?:\.\d+)?[a-z]{1,5}$/;
/** Digit-led names that are topics, not quantities (3D 打印, 5G 通信). */
const DIGIT_LED_TOPICS = new Set(['2d', '3d', '4d', '4g', '5g', '6g']);

export const isCjk = (ch: string): boolean => CJK.test(ch);

/**
 * The forms under which a token is indexed: none for punctuation and lone Latin letters
 * (variables); a figure as itself, since specifications are matched too ("12英寸", "5rpm");
 * a measurement both whole and as its unit ("30rpm" → "30rpm", "rpm"), because the unit alone
 * already says what kind of technology is meant. Model names such as "ni60" stay whole.
 */
export function contentForms(token: string): string[] {
  const form = token.trim();
  if (!HAS_LETTER_OR_DIGIT.test(form) || /^[a-z]$/.test(form)) return [];
  if (MEASUREMENT.test(form) && !DIGIT_LED_TOPICS.has(form)) return [form, form.replace(/^[\d.]+/, '')];
  return [form];
}

export const isContentToken = (token: string): boolean => contentForms(token).length > 0;
