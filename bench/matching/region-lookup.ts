import { type Region, Regions } from '@techbridge/domain';

/**
 * The matching-dev set writes regions as place names ("辽宁省大连市甘井子区"); the engine wants
 * GB/T 2260 codes. This resolves a name through the project's region directory: the district
 * whose full name matches, else the longest city or province whose full name begins the text
 * ("江苏省苏州市工业园区" → 苏州市), else a city or province named at its start without its
 * province ("大连市金州区" → 大连市). Region scoring only compares city and province prefixes.
 */
let byFullName: Map<string, Region> | undefined;

function directory(): Map<string, Region> {
  if (byFullName !== undefined) return byFullName;
  byFullName = new Map();
  const visit = (region: Region): void => {
    byFullName!.set(region.fullName, region);
    if (region.level !== 'district') for (const child of Regions.children(region.code)) visit(child);
  };
  for (let p = 11; p <= 82; p++) {
    const province = Regions.get(`${p}0000`);
    if (province !== undefined) visit(province);
  }
  return byFullName;
}

/** GB/T 2260 code for a place name, or '' when not even its province is known. */
export function regionCodeOfPlaceName(name: string): string {
  const regions = directory();
  const exact = regions.get(name.trim());
  if (exact !== undefined) return exact.code;
  let best: Region | undefined;
  for (const region of regions.values()) {
    if (name.startsWith(region.fullName) && region.fullName.length > (best?.fullName.length ?? 0)) best = region;
  }
  if (best !== undefined) return best.code;
  // Written without its province ("沈阳市铁西区", "大连"): a city or province whose own name,
  // with or without 省/市, begins the text. District names repeat across cities, so never those.
  const text = name.trim();
  let longest = 0;
  for (const region of regions.values()) {
    if (region.level === 'district') continue;
    const short = region.name.replace(/(省|市|自治区|特别行政区)$/, '');
    const matched = text.startsWith(region.name) ? region.name : short.length >= 2 && text.startsWith(short) ? short : '';
    if (matched.length > longest) [best, longest] = [region, matched.length];
  }
  return best?.code ?? '';
}
