/** Text taken literally inside a LIKE pattern: its %, _ and \ escaped. */
export const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, '\\$&');

/** A LIKE pattern matching values that contain `text`. */
export const containing = (text: string): string => `%${likeLiteral(text)}%`;
