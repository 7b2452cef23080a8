import { INITIAL_CHAINS, INITIAL_FIELDS } from '@techbridge/domain';
import { normalizeText, Thesaurus } from '@techbridge/text';

/**
 * A labeled set names fields in its own words. matching-dev uses the platform's labels, but a
 * set written elsewhere ("新能源汽车", "食品", "电子信息", "海洋工程装备") must not stop the
 * benchmark, and must land on the field a person would pick. In order: the field's own label
 * or code, a chain's label, the longest key word below found in the label, and last the field
 * whose thesaurus knowledge the items' texts use most.
 */
const KEY_WORDS: Readonly<Record<string, readonly string[]>> = {
  equipment: ['装备', '机械', '机床', '轴承', '泵阀', '仪器仪表', '专用设备', '通用设备', '轨道交通', '电工'],
  robotics: ['机器人', '智能制造', '自动化', '工业互联网', '数控'],
  aerospace: ['航空', '航天', '无人机', '低空', '卫星'],
  materials: ['材料', '陶瓷', '高分子', '复合材料', '稀土', '石墨', '菱镁'],
  fine_chemicals: ['化工', '精细化工', '涂料', '农药', '染料', '日化', '医药中间体'],
  petrochemicals: ['石油', '石化', '炼化', '炼油', '油气', '天然气'],
  metallurgy: ['冶金', '钢铁', '有色', '冶炼', '金属', '钢'],
  biomedicine: ['生物', '医药', '制药', '中药', '中医药', '疫苗', '药', '健康'],
  medical_devices: ['医疗器械', '医疗装备', '医疗设备', '医学影像', '体外诊断', '康复', '医疗'],
  agriculture: ['农业', '种业', '畜牧', '养殖', '水产', '渔业', '林业', '园艺', '农林', '农'],
  food: ['食品', '饮料', '粮油', '乳品', '农产品加工', '农产品精深加工', '酿造'],
  environment: ['环保', '节能', '环境', '水处理', '固废', '大气', '碳中和', '双碳', '生态', '资源循环'],
  new_energy: ['新能源', '储能', '能源', '电力', '光伏', '风电', '氢能', '电池', '核电', '电网', '热力'],
  automotive: ['汽车', '新能源汽车', '智能网联', '车辆', '交通运输'],
  marine: ['船舶', '海洋', '海工', '港口', '港航'],
  integrated_circuits: ['集成电路', '半导体', '芯片', '微电子', '电子元器件', '光电子', '显示'],
  information_technology: ['信息', '软件', '人工智能', '大数据', '数字', '互联网', '通信', '物联网', '云计算', '算法', '网络安全'],
  construction: ['建筑', '土木', '建材', '桥梁', '隧道', '道路', '市政', '工程建设', '城建'],
  mining: ['矿', '采矿', '矿产', '煤炭', '地质', '选矿', '矿业'],
  textiles: ['纺织', '轻工', '服装', '造纸', '皮革', '家具', '印染', '家电'],
};

export interface FieldResolution {
  readonly code: string;
  readonly how: 'label' | 'chain' | 'key word' | 'text';
}

/** The field a label names, or undefined when only the items' texts can tell. */
export function fieldOfLabel(label: string): FieldResolution | undefined {
  const l = label.replace(/\s+/g, '').trim();
  const field = INITIAL_FIELDS.find((f) => f.label === l || f.code === l);
  if (field !== undefined) return { code: field.code, how: 'label' };
  const chain = INITIAL_CHAINS.find((c) => c.label === l || c.code === l);
  if (chain !== undefined) return { code: chain.field, how: 'chain' };
  let best: { code: string; word: string; at: number } | undefined;
  for (const [code, words] of Object.entries(KEY_WORDS)) {
    for (const word of words) {
      const at = l.indexOf(word);
      if (at < 0) continue;
      // The longest key word wins ("新能源汽车" over "新能源"); at equal length, the earlier one.
      if (best === undefined || word.length > best.word.length || (word.length === best.word.length && at < best.at)) best = { code, word, at };
    }
  }
  return best && { code: best.code, how: 'key word' };
}

/** The field whose thesaurus terms occur most often in `texts` (general terms count for none). */
export function fieldOfTexts(texts: readonly string[], thesaurus: Thesaurus = Thesaurus.shared()): string {
  const fieldsOf = new Map<string, Set<string>>();
  for (const entry of thesaurus.entries) {
    for (const term of [...entry.from, ...entry.to]) {
      const set = fieldsOf.get(term) ?? new Set<string>();
      for (const f of entry.fields) set.add(f);
      fieldsOf.set(term, set);
    }
  }
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const hit of thesaurus.find(normalizeText(text))) {
      for (const f of fieldsOf.get(hit.term) ?? []) counts.set(f, (counts.get(f) ?? 0) + 1);
    }
  }
  let best = INITIAL_FIELDS[0]!.code;
  let most = 0;
  // Taxonomy order breaks ties, so the choice does not depend on map iteration order.
  for (const f of INITIAL_FIELDS) {
    const n = counts.get(f.code) ?? 0;
    if (n > most) [best, most] = [f.code, n];
  }
  return best;
}

/**
 * Resolves every distinct label of a set once: by the label itself where it can, else from the
 * texts of all items carrying it (one item's text is too little to judge a field by).
 */
export function resolveFieldLabels(items: readonly { field: string; text: string }[]): Map<string, FieldResolution> {
  const textsByLabel = new Map<string, string[]>();
  for (const item of items) {
    const texts = textsByLabel.get(item.field) ?? [];
    texts.push(item.text);
    textsByLabel.set(item.field, texts);
  }
  const resolved = new Map<string, FieldResolution>();
  for (const [label, texts] of textsByLabel) resolved.set(label, fieldOfLabel(label) ?? { code: fieldOfTexts(texts), how: 'text' });
  return resolved;
}
