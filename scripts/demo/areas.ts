import { INITIAL_CHAINS, INITIAL_FIELDS, Regions } from '@techbridge/domain';

/** Labels for neutral titles: the chain if there is one, else the field. */
export function areaLabel(fieldCode: string, chainCodes: readonly string[]): string {
  const chain = INITIAL_CHAINS.find((c) => c.code === chainCodes[0]);
  if (chain) return chain.label;
  const field = INITIAL_FIELDS.find((f) => f.code === fieldCode);
  if (!field) throw new Error(`unknown field ${fieldCode}`);
  return field.label;
}

/** 大连市 → 大连. */
export function cityName(regionCode: string): string {
  const city = Regions.get(Regions.cityOf(regionCode));
  if (!city) throw new Error(`unknown region ${regionCode}`);
  return city.name.replace(/市$/, '');
}
