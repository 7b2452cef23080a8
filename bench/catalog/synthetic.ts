// Synthetic catalogue rows for the benchmarks: plausible Chinese technical text assembled from
// per-field vocabularies, deterministic for a seed. Not demo data (see scripts/demo for that).
const FIELDS: Record<string, { label: string; chain: string; objects: string[]; methods: string[]; effects: string[] }> = {
  equipment: { label: '装备制造', chain: '数控机床', objects: ['主轴轴承', '齿轮箱', '液压阀', '数控机床导轨', '燃气轮机叶片', '滚珠丝杠', '减速器'], methods: ['振动监测', '热误差补偿', '表面强化', '激光熔覆', '故障诊断', '精密磨削'], effects: ['寿命提高', '精度保持', '能耗降低', '故障预警'] },
  materials: { label: '新材料', chain: '钛及钛合金', objects: ['钛合金板材', '镁合金压铸件', '碳纤维复合材料', '高温合金', '陶瓷涂层', '石墨烯薄膜'], methods: ['电子束熔炼', '微弧氧化', '粉末冶金', '热等静压', '等离子喷涂', '表面改性'], effects: ['强度提升', '耐腐蚀', '减重', '成本降低'] },
  new_energy: { label: '新能源与储能', chain: '储能', objects: ['锂电池正极', '液流电池电堆', '氢燃料电池', '光伏组件', '风电叶片', '储能变流器'], methods: ['固态电解质', '电池管理', '催化剂制备', '热管理', '功率预测', '梯次利用'], effects: ['能量密度提高', '循环寿命延长', '效率提升', '安全性提高'] },
  biomedicine: { label: '生物医药', chain: '创新药与生物制品', objects: ['缓释微球', '单克隆抗体', '中药提取物', '疫苗佐剂', '医用敷料', '诊断试剂'], methods: ['微流控', '发酵工艺', '纯化工艺', '冻干工艺', '基因编辑', '高通量筛选'], effects: ['收率提高', '杂质降低', '稳定性提高', '成本降低'] },
  fine_chemicals: { label: '精细化工', chain: '精细化工', objects: ['水性涂料', '催化剂', '表面活性剂', '染料中间体', '润滑油添加剂', '光刻胶'], methods: ['连续流反应', '加氢工艺', '分子筛催化', '膜分离', '结晶工艺', '绿色合成'], effects: ['选择性提高', '三废减少', '本质安全', '能耗降低'] },
  environment: { label: '节能环保', chain: '污染防治与资源循环', objects: ['焦化废水', '烟气脱硝', '固废资源化', '污泥干化', '余热回收', 'VOCs治理'], methods: ['高级氧化', '生物强化', '低温SCR', '等离子体', '膜生物反应器', '吸附浓缩'], effects: ['达标排放', '运行成本降低', '资源回收', '能耗降低'] },
};
const FIELD_CODES = Object.keys(FIELDS);
const CITIES = ['210102', '210211', '210302', '210402', '210502', '210603', '210703', '210802', '210902', '211002', '211102', '211202', '211302', '211402'];
const STAGES: Array<[string, number]> = [['实验室', 3], ['小试', 4], ['中试', 6], ['工业化', 7], ['产业化', 9]];
const MODES = ['技术转让', '技术许可', '合作开发', '委托开发', '技术服务'];

/** A small seeded PRNG (mulberry32): the same seed gives the same rows. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)];

export const ACHIEVEMENT_HEADERS = ['外部编号', '成果名称', '成果简介', '技术领域', '产业链', '关键词', '技术成熟度(TRL)', '成熟度阶段', '合作方式', '价格(万元)', '团队负责人', '所在地区', '公开范围'];
export const DEMAND_HEADERS = ['外部编号', '需求名称', '拟解决的技术难题', '技术指标', '技术领域', '产业链', '关键词', '预算(万元)', '合作方式', '需求成熟度', '所在地区', '有效期至', '公开范围'];

export function achievementRow(i: number, rnd: () => number): string[] {
  const field = pick(rnd, FIELD_CODES);
  const f = FIELDS[field];
  const [object, method, effect] = [pick(rnd, f.objects), pick(rnd, f.methods), pick(rnd, f.effects)];
  const [stage, trl] = pick(rnd, STAGES);
  const price = Math.round(10 + rnd() * 500);
  return [
    `BA-${i}`,
    `${object}${method}技术（第${i}号）`,
    `针对${object}在实际工况中存在的问题，团队提出基于${method}的成套方案，经${stage}验证，${effect}显著，可用于${pick(rnd, f.objects)}等相关产品的升级改造。`,
    f.label,
    f.chain,
    `${object}、${method}`,
    String(trl),
    stage,
    `${pick(rnd, MODES)}、${pick(rnd, MODES)}`,
    `${price}-${price + Math.round(rnd() * 200)}`,
    `${pick(rnd, ['王', '李', '张', '刘', '陈', '杨'])}${pick(rnd, ['立新', '建国', '晓明', '海燕', '志强', '丽华'])} 教授`,
    pick(rnd, CITIES),
    '公开',
  ];
}

export function demandRow(i: number, rnd: () => number, validUntil: string): string[] {
  const field = pick(rnd, FIELD_CODES);
  const f = FIELDS[field];
  const [object, method, effect] = [pick(rnd, f.objects), pick(rnd, f.methods), pick(rnd, f.effects)];
  const budget = Math.round(20 + rnd() * 800);
  return [
    `BD-${i}`,
    `${object}${effect}技术需求（${i}）`,
    `企业现有${object}生产线在连续运行中达不到要求，希望引进${method}等技术，实现${effect}，并形成可复制的工艺规范。`,
    `${effect}不低于20%\n可在现有产线上改造`,
    f.label,
    f.chain,
    `${object}、${effect}`,
    `${budget}-${budget + 100}`,
    `${pick(rnd, MODES)}`,
    pick(rnd, ['中试', '工业化', '产业化']),
    pick(rnd, CITIES),
    validUntil,
    '公开',
  ];
}

/** Search queries of 2–6 words, with a filter, as users type them. */
export function searchQueries(rnd: () => number, count: number, kind: 'achievements' | 'demands'): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const field = pick(rnd, FIELD_CODES);
    const f = FIELDS[field];
    const words = [pick(rnd, f.objects), pick(rnd, f.methods), pick(rnd, f.effects), pick(rnd, f.objects), pick(rnd, f.methods)].slice(0, 2 + Math.floor(rnd() * 3));
    const filter = pick(rnd, [`fieldCode=${field}`, `regionPrefix=${pick(rnd, CITIES).slice(0, 4)}`, kind === 'achievements' ? 'trlMin=4' : 'desiredStage=industrial', `fieldCode=${field}&regionPrefix=21`]);
    out.push(`q=${encodeURIComponent(words.join(' '))}&${filter}`);
  }
  return out;
}
