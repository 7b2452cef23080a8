import { between, hash, pick } from './random';
import type { AchievementStage, DemandStage, DemoOrganization } from './types';

/** The sentences every item needs in some form, with enough variants that no two items share them all. */

const DEMAND_CLOSERS: Record<DemandStage, readonly string[]> = {
  pilot_small: [
    '现阶段希望先做小试验证，合作方需提供可复现的实验数据和工艺窗口。',
    '希望先以小试摸清机理和关键参数，效果确认后再议放大。',
    '可提供原料和样品，希望合作方在实验室条件下先完成小试对比。',
  ],
  pilot: [
    '希望合作方具备中试条件，或在我方现场共同开展中试验证。',
    '我方可提供中试场地和配套条件，要求方案能稳定运行并形成放大参数。',
    '希望一年内完成中试验证，合格后推广应用。',
    '要求中试阶段即按实际工况考核，不接受只在理想条件下验证的方案。',
  ],
  industrial: [
    '希望合作方给出可落地的实施方案，并负责现场调试和人员培训。',
    '优先考虑已有实际应用案例的方案，需提供应用数据。',
    '验收以第三方检测报告和实际应用数据为准。',
    '实施须兼容现有条件，分步推进，不影响正常生产。',
  ],
  commercial: [
    '希望采购成熟产品或技术许可，并由合作方提供三年以上技术服务。',
    '要求方案已有批量应用案例，能签订性能保证条款。',
    '可接受技术许可加服务的方式，要求在半年内完成交付和验收。',
  ],
};

export const demandCloser = (stage: DemandStage, key: string): string => pick(`${key}:closer`, DEMAND_CLOSERS[stage]);

const STAGE_SENTENCES: Record<AchievementStage, readonly string[]> = {
  laboratory: [
    '目前已完成实验室原理验证，关键数据重复性良好，正寻求企业合作开展小试。',
    '实验室样品经第三方检测达到设计指标，下一步需要结合企业工况放大验证。',
    '已完成实验室阶段研究，发表论文{n}篇，可与企业共建联合实验室推进工程化。',
    '目前处于实验室阶段，已完成{n}组重复试验，尚需企业提供实际物料和工况数据。',
  ],
  pilot_small: [
    '已完成小试，连续{n}批次性能稳定，具备中试放大条件。',
    '小试装置已稳定运行，正在与合作企业设计中试方案。',
    '小试样品已送用户试用，反馈良好，需要合作方共同建设中试线。',
    '小试阶段累计完成{n}批次验证，放大规律已基本掌握。',
  ],
  pilot: [
    '已在合作企业完成中试验证，累计运行{n}小时无异常。',
    '中试样机已交付用户现场考核，形成了完整的工艺包和操作规程。',
    '完成中试放大，关键指标与小试一致，可进入工业化示范。',
    '中试装置已连续运行{n}小时，正在寻找首家工业化应用企业。',
  ],
  industrial: [
    '已在省内{n}家企业实现工业化应用，运行一年以上。',
    '已建成工业示范工程并连续稳定运行，具备推广条件。',
    '工业应用中关键指标全部达到合同要求，可提供现场考察。',
    '首套工业装置已通过用户验收，另有{n}家企业正在洽谈。',
  ],
  commercial: [
    '已形成系列化产品并批量销售，累计服务用户{n}余家。',
    '产品已进入多家行业骨干企业供应链，可提供许可和长期技术服务。',
    '已实现规模化生产，年销售额超过千万元，可按需定制。',
    '已有成熟的产品型谱和售后体系，服务用户遍及东北三省。',
  ],
};

export function stageSentence(stage: AchievementStage, key: string): string {
  const range: Record<AchievementStage, [number, number]> = {
    laboratory: [3, 8], pilot_small: [5, 12], pilot: [800, 3000], industrial: [3, 9], commercial: [20, 80],
  };
  const n = between(`${key}:n`, ...range[stage]);
  const rounded = stage === 'pilot' ? Math.round(n / 100) * 100 : stage === 'commercial' ? Math.round(n / 10) * 10 : n;
  return pick(`${key}:stage`, STAGE_SENTENCES[stage]).replace('{n}', String(rounded));
}

const COOPERATION_SENTENCES: Record<string, readonly string[]> = {
  transfer: [
    '可整体转让专利和技术资料，并派员指导工艺调试。',
    '可转让相关专利，受让方需具备基本的生产和检测条件。',
    '可一次性转让，配套提供图纸、工艺文件和操作培训。',
    '转让后团队可在一年内提供免费的技术支持。',
    '优先转让给省内企业，支持在辽宁本地实施转化。',
  ],
  license: [
    '可按普通许可或独占许可方式授权实施，团队提供技术培训。',
    '可许可企业实施，并按需提供后续技术升级。',
    '可分地域或分行业许可，许可费可按销售额提成。',
    '接受"入门费加提成"的许可方式。',
  ],
  joint_development: [
    '希望与企业针对具体工况联合开发，共同完成工程化验证。',
    '欢迎企业提出实际工况，共同开展适应性开发。',
    '可与企业共建联合实验室，共同申报科技项目。',
    '希望找到有应用场景的企业合作，共同推进中试和示范。',
  ],
  commissioned_development: [
    '可根据企业的产品和工况承接委托开发。',
    '可按企业技术指标定制开发并负责验收。',
    '承接委托开发，开发周期一般为六到十二个月。',
  ],
  technical_service: [
    '可提供现场技术服务、检测和效果评估。',
    '团队可驻厂提供技术服务。',
    '可先做免费的现场诊断，再确定服务方案。',
  ],
  consulting: ['可提供技术咨询和方案论证。', '可为企业提供可行性论证和技术路线咨询。'],
  equity: ['可以技术作价入股方式与企业共同实施产业化。', '团队愿以技术入股，与企业共同成立项目公司。'],
};

/** A sentence on how the team offers the result, for summaries that are otherwise short. */
export const cooperationSentence = (mode: string, key: string): string => pick(`${key}:coop`, COOPERATION_SENTENCES[mode] ?? COOPERATION_SENTENCES.transfer);

/** The TRL an achievement at this stage reports: within TRL_BY_STAGE, avoiding the extremes nobody lists. */
const TRL_CHOICES: Record<AchievementStage, readonly number[]> = {
  laboratory: [3, 3, 4], pilot_small: [4, 5, 5], pilot: [5, 6, 6, 7], industrial: [7, 7, 8], commercial: [8, 9, 9],
};
export const trlFor = (stage: AchievementStage, key: string): number => pick(`${key}:trl`, TRL_CHOICES[stage]);

const DEMAND_NEUTRAL = ['关键技术需求', '技术攻关需求', '技术合作需求', '技术难题征集'];
const ACHIEVEMENT_NEUTRAL = ['关键技术成果', '应用技术成果', '新技术成果', '共性技术成果'];

/** What others see of a confidential item: field, chain and nothing specific. */
export const neutralDemandTitle = (cityName: string, area: string, key: string): string =>
  `${cityName}某企业${area}${pick(`${key}:neutral`, DEMAND_NEUTRAL)}`;
export const neutralAchievementTitle = (area: string, key: string): string => `${area}${pick(`${key}:neutral`, ACHIEVEMENT_NEUTRAL)}`;

const STAGE_LABEL: Record<DemandStage, string> = { pilot_small: '小试', pilot: '中试', industrial: '工业化', commercial: '产业化' };

export function evaluationPlan(focus: string, stage: DemandStage, key: string): string {
  const months = pick(`${key}:months`, [6, 9, 12, 18]);
  const panel = pick(`${key}:panel`, ['企业技术专家与外聘行业专家', '企业总工办与省产业技术研究院专家', '由技术转移机构组织的五人专家组']);
  return (
    `按"项目初评—现场考察—综合论证"三步评审：初评审查技术路线、前期数据和团队基础；现场考察核实${focus}；` +
    `综合论证由${panel}打分确定揭榜方。揭榜后${months}个月内完成${STAGE_LABEL[stage]}验证，奖励资金按里程碑分期拨付。`
  );
}

const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶贺顾毛郝龚邵万钱严武戴孔汤'];
const GIVEN = [
  '立新', '海涛', '建华', '晓东', '志强', '丽华', '春明', '振宇', '文博', '雪梅', '国庆', '永刚', '红霞', '德胜', '少华', '明轩',
  '慧敏', '长青', '宏伟', '晓光', '玉洁', '家骏', '思远', '宝林', '俊峰', '秀英', '凤岐', '庆国', '一鸣', '子涵', '天宇', '书文',
  '雅琴', '继东', '洪波', '卫民', '亚楠', '婧', '磊', '峰', '静', '军', '昕', '博', '琳', '勇', '岩', '涛',
];
const TITLES: Record<DemoOrganization['type'], readonly string[]> = {
  university: ['教授', '教授', '副教授', '研究员'],
  institute: ['研究员', '研究员', '副研究员', '正高级工程师'],
  enterprise: ['高级工程师', '正高级工程师', '总工程师'],
  agency: ['高级工程师'],
  government: ['高级工程师'],
};

/** The same lab (organisation and topic) keeps the same lead. */
export function teamLead(orgType: DemoOrganization['type'], labKey: string): string {
  const h = hash(labKey);
  return `${SURNAMES[h % SURNAMES.length]}${GIVEN[(h >>> 8) % GIVEN.length]} ${TITLES[orgType][(h >>> 16) % TITLES[orgType].length]}`;
}
