import { CooperationModes, MaturityStages, Regions, type TechDemand, Visibilities } from '@techbridge/domain';
import type { DemandInput } from '../rules/inputs';
import { chainLabel, fieldLabel, type TaxonomySnapshot } from '../rules/taxonomy-snapshot';
import * as cell from './cells';
import type { Columns } from './columns';

const money = (min: number | null, max: number | null, negotiable: boolean) => (negotiable ? '面议' : min === max ? `${min ?? ''}` : `${min ?? ''}-${max ?? ''}`);
type Challenge = NonNullable<DemandInput['challenge']>;
const NO_CHALLENGE: Challenge = { rewardWan: 0, deadline: '', evaluationPlan: '' };

/**
 * A 揭榜挂帅 cell: a value sets its part of the challenge. An empty one gives none: on a new row it
 * leaves the challenge as it is (no challenge when all its cells are empty); on a row updating a
 * challenge it clears that part, and a challenge left with no part at all is none.
 */
function readChallenge<K extends keyof Challenge>(i: Partial<DemandInput>, key: K, v: string, read: (v: string) => Challenge[K]): void {
  if (v.trim()) {
    (i.challenge ??= { ...NO_CHALLENGE })[key] = read(v);
  } else if (i.challenge && i.challenge[key] !== NO_CHALLENGE[key]) {
    i.challenge[key] = NO_CHALLENGE[key];
    if ((Object.keys(NO_CHALLENGE) as Array<keyof Challenge>).every((k) => i.challenge![k] === NO_CHALLENGE[k])) i.challenge = null;
  }
}

/** The columns of a demands spreadsheet (import and export), documented in docs/catalog-import.md. */
export function demandColumns(taxonomy: TaxonomySnapshot): Columns<DemandInput, TechDemand> {
  return [
    { header: '外部编号', key: 'externalRef', required: true, read: (v, i) => (i.externalRef = cell.required(v)), write: (d) => d.externalRef ?? '' },
    { header: '需求名称', key: 'title', required: true, read: (v, i) => (i.title = cell.required(v)), write: (d) => d.title },
    { header: '脱敏标题', key: 'neutralTitle', read: (v, i) => (i.neutralTitle = cell.optionalText(v)), write: (d) => d.neutralTitle, public: true },
    { header: '拟解决的技术难题', key: 'description', required: true, read: (v, i) => (i.description = cell.required(v)), write: (d) => d.description },
    { header: '技术指标', key: 'indicators', read: (v, i) => (i.indicators = cell.paragraphs(v)), write: (d) => d.indicators.join('\n') },
    { header: '现有基础条件', key: 'existingBasis', read: (v, i) => (i.existingBasis = cell.optionalText(v)), write: (d) => d.existingBasis ?? '' },
    { header: '技术领域', key: 'fieldCode', required: true, read: (v, i) => (i.fieldCode = cell.fieldCode(taxonomy, v)), write: (d) => fieldLabel(taxonomy, d.fieldCode), public: true },
    { header: '产业链', key: 'chainCodes', read: (v, i) => (i.chainCodes = cell.chainCodes(taxonomy, v)), write: (d) => d.chainCodes.map((c) => chainLabel(taxonomy, c)).join('、'), public: true },
    { header: '关键词', key: 'keywords', read: (v, i) => (i.keywords = cell.list(v)), write: (d) => d.keywords.join('、') },
    { header: '预算(万元)', key: 'budget', read: (v, i) => (i.budget = cell.amount(v)), write: (d) => money(d.budgetMinWan, d.budgetMaxWan, d.budgetNegotiable) },
    { header: '合作方式', key: 'cooperationModes', required: true, read: (v, i) => (i.cooperationModes = cell.codes(CooperationModes, v, '合作方式')), write: (d) => d.cooperationModes.map((m) => CooperationModes.label(m)).join('、') },
    { header: '需求成熟度', key: 'desiredStage', required: true, read: (v, i) => (i.desiredStage = cell.code(MaturityStages, v, '成熟度阶段')), write: (d) => MaturityStages.label(d.desiredStage) },
    { header: '所在地区', key: 'regionCode', required: true, read: (v, i) => (i.regionCode = cell.region(v)), write: (d) => d.regionCode, public: true },
    { header: '地区名称', key: 'regionName', write: (d) => Regions.get(d.regionCode)?.fullName ?? '', public: true },
    { header: '本地优先', key: 'localPreference', read: (v, i) => (i.localPreference = cell.yesNo(v)), write: (d) => (d.localPreference ? '是' : '否') },
    { header: '有效期至', key: 'validUntil', required: true, read: (v, i) => (i.validUntil = cell.date(v)), write: (d) => d.validUntil },
    { header: '公开范围', key: 'visibility', required: true, read: (v, i) => (i.visibility = cell.code(Visibilities, v, '公开范围')), write: (d) => Visibilities.label(d.visibility), public: true },
    { header: '揭榜奖励(万元)', key: 'challenge.rewardWan', read: (v, i) => readChallenge(i, 'rewardWan', v, (v) => cell.number(v, '万元')), write: (d) => d.challengeRewardWan ?? '' },
    { header: '揭榜截止日期', key: 'challenge.deadline', read: (v, i) => readChallenge(i, 'deadline', v, cell.date), write: (d) => d.challengeDeadline ?? '' },
    { header: '评审方案', key: 'challenge.evaluationPlan', read: (v, i) => readChallenge(i, 'evaluationPlan', v, cell.text), write: (d) => d.challengeEvaluationPlan ?? '' },
    { header: '状态', key: 'status', write: (d) => d.status, public: true },
    { header: '编号', key: 'id', write: (d) => d.id, public: true },
  ];
}

/** Defaults for the fields a new demand may leave out (API or spreadsheet). */
export const DEMAND_DEFAULTS: Partial<DemandInput> = { indicators: [], chainCodes: [], keywords: [], budget: { negotiable: true }, localPreference: false, challenge: null };
