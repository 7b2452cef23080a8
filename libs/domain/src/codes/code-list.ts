/**
 * A closed list of stable codes with Chinese labels. Codes are what we store and what the API
 * speaks; labels are for people and may be reworded without a migration.
 */
export interface CodeList<C extends string> {
  readonly codes: readonly C[];
  readonly labels: Readonly<Record<C, string>>;
  is(value: unknown): value is C;
  label(code: C): string;
  /** Finds a code by its Chinese label (imports, spreadsheets). */
  fromLabel(label: string): C | undefined;
}

export function codeList<C extends string>(labels: Record<C, string>): CodeList<C> {
  const codes = Object.keys(labels) as C[];
  const byLabel = new Map<string, C>(codes.map((c) => [labels[c], c]));
  return {
    codes,
    labels,
    is: (value: unknown): value is C => typeof value === 'string' && Object.hasOwn(labels, value),
    label: (code) => labels[code],
    fromLabel: (label) => byLabel.get(label.trim()),
  };
}
