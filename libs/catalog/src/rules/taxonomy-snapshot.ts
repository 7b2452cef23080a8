/** The taxonomy as validation needs it: which codes exist, which are active, which field a chain is under. */
export interface TaxonomySnapshot {
  fields: ReadonlyMap<string, { label: string; active: boolean }>;
  chains: ReadonlyMap<string, { label: string; fieldCode: string; active: boolean }>;
}

export const fieldLabel = (t: TaxonomySnapshot, code: string): string => t.fields.get(code)?.label ?? code;
export const chainLabel = (t: TaxonomySnapshot, code: string): string => t.chains.get(code)?.label ?? code;
