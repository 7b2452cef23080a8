/** E-mail addresses are compared case-insensitively and stored lower-cased. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
