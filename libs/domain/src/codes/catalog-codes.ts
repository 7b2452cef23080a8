import { codeList } from './code-list';

/** 合作方式: how the parties may cooperate (brief: cooperation modes). */
export const CooperationModes = codeList({
  transfer: '技术转让',
  license: '技术许可',
  joint_development: '合作开发',
  commissioned_development: '委托开发',
  technical_service: '技术服务',
  consulting: '技术咨询',
  equity: '作价入股',
});
export type CooperationMode = (typeof CooperationModes.codes)[number];

/**
 * 成熟度阶段, ordered from least to most mature. A demand states the stage it needs
 * (小试 … 产业化); an achievement states the stage it has reached (实验室 … 产业化).
 */
export const MaturityStages = codeList({
  laboratory: '实验室',
  pilot_small: '小试',
  pilot: '中试',
  industrial: '工业化',
  commercial: '产业化',
});
export type MaturityStage = (typeof MaturityStages.codes)[number];
export const maturityRank = (stage: MaturityStage): number => MaturityStages.codes.indexOf(stage);

/**
 * The TRL range (GB/T 22900, 1–9) consistent with each stage. Used to reject contradictory
 * input and to reason about maturity fit when only one of the two is given.
 */
export const TRL_BY_STAGE: Readonly<Record<MaturityStage, readonly [number, number]>> = {
  laboratory: [1, 4],
  pilot_small: [4, 5],
  pilot: [5, 7],
  industrial: [7, 8],
  commercial: [8, 9],
};

export const Visibilities = codeList({
  public: '公开',
  members: '会员可见',
  confidential: '保密',
});
export type Visibility = (typeof Visibilities.codes)[number];

export const IpKinds = codeList({
  invention_patent: '发明专利',
  utility_model: '实用新型',
  design_patent: '外观设计',
  software_copyright: '软件著作权',
  ic_layout: '集成电路布图设计',
  new_plant_variety: '植物新品种',
  know_how: '技术秘密',
});
export type IpKind = (typeof IpKinds.codes)[number];

export const OrganizationTypes = codeList({
  enterprise: '企业',
  university: '高校',
  institute: '科研院所',
  agency: '技术转移机构',
  government: '政府部门',
});
export type OrganizationType = (typeof OrganizationTypes.codes)[number];

export const EnterpriseTiers = codeList({
  tech_sme: '科技型中小企业',
  high_tech: '高新技术企业',
  specialized: '专精特新',
  fledgling: '雏鹰企业',
  gazelle: '瞪羚企业',
  unicorn: '独角兽企业',
});
export type EnterpriseTier = (typeof EnterpriseTiers.codes)[number];
