/**
 * Lists as people type them in one Chinese text field: items separated by new lines or ；; , 、 ，.
 * Shared by the spreadsheet import and the benchmarks' set loader, so both read a cell alike.
 */
export const splitList = (v: string, separators = /[\n；;、，,]+/): string[] => v.split(separators).map((s) => s.trim()).filter(Boolean);

/** Longer prose items (indicators, innovation points): only new lines and ；; separate them. */
export const splitParagraphs = (v: string): string[] => splitList(v, /[\n；;]+/);
