import { type Achievement, CooperationModes, IpKinds, MaturityStages, Regions, Visibilities } from '@techbridge/domain';
import type { AchievementInput, IpRightInput } from '../rules/inputs';
import { chainLabel, fieldLabel, type TaxonomySnapshot } from '../rules/taxonomy-snapshot';
import * as cell from './cells';
import type { Columns } from './columns';

const STATUS_LABELS = { granted: '已授权', applied: '申请中' } as const;
const money = (min: number | null, max: number | null, negotiable: boolean) => (negotiable ? '面议' : min === max ? `${min ?? ''}` : `${min ?? ''}-${max ?? ''}`);

/** 知识产权: entries like 发明专利:ZL202110123456.7:已授权 or 技术秘密, separated by ；or new lines. */
function ipRights(v: string): IpRightInput[] {
  return cell.list(v, /[\n；;]+/).map((entry) => {
    const [kind, number = '', status = ''] = entry.split(/[:：]/).map((s) => s.trim());
    const statusCode = status === '' || status === '已授权' || status === 'granted' ? 'granted' : status === '申请中' || status === 'applied' ? 'applied' : null;
    if (!statusCode) throw new cell.CellError(`"${status}" is not 已授权 or 申请中`);
    const kindCode = cell.code(IpKinds, kind, '知识产权类型');
    return { kind: kindCode, number: number || null, status: kindCode === 'know_how' ? 'applied' : statusCode };
  });
}

/** The columns of an achievements spreadsheet (import and export), documented in docs/catalog-import.md. */
export function achievementColumns(taxonomy: TaxonomySnapshot): Columns<AchievementInput, Achievement> {
  return [
    { header: '外部编号', key: 'externalRef', required: true, read: (v, i) => (i.externalRef = cell.required(v)), write: (a) => a.externalRef ?? '' },
    { header: '成果名称', key: 'title', required: true, read: (v, i) => (i.title = cell.required(v)), write: (a) => a.title },
    { header: '脱敏标题', key: 'neutralTitle', read: (v, i) => (i.neutralTitle = cell.optionalText(v)), write: (a) => a.neutralTitle, public: true },
    { header: '成果简介', key: 'summary', required: true, read: (v, i) => (i.summary = cell.required(v)), write: (a) => a.summary },
    { header: '创新点', key: 'innovationPoints', read: (v, i) => (i.innovationPoints = cell.paragraphs(v)), write: (a) => a.innovationPoints.join('\n') },
    { header: '应用场景', key: 'applicationScenarios', read: (v, i) => (i.applicationScenarios = cell.paragraphs(v)), write: (a) => a.applicationScenarios.join('\n') },
    { header: '技术领域', key: 'fieldCode', required: true, read: (v, i) => (i.fieldCode = cell.fieldCode(taxonomy, v)), write: (a) => fieldLabel(taxonomy, a.fieldCode), public: true },
    { header: '产业链', key: 'chainCodes', read: (v, i) => (i.chainCodes = cell.chainCodes(taxonomy, v)), write: (a) => a.chainCodes.map((c) => chainLabel(taxonomy, c)).join('、'), public: true },
    { header: '关键词', key: 'keywords', read: (v, i) => (i.keywords = cell.list(v)), write: (a) => a.keywords.join('、') },
    { header: '技术成熟度(TRL)', key: 'trl', required: true, read: (v, i) => (i.trl = cell.number(v, 'TRL 1–9')), write: (a) => a.trl },
    { header: '成熟度阶段', key: 'stage', required: true, read: (v, i) => (i.stage = cell.code(MaturityStages, v, '成熟度阶段')), write: (a) => MaturityStages.label(a.stage) },
    { header: '知识产权', key: 'ipRights', read: (v, i) => (i.ipRights = ipRights(v)), write: (a) => a.ipRights.map((r) => [IpKinds.label(r.kind), r.number ?? '', r.kind === 'know_how' ? '' : STATUS_LABELS[r.status]].filter(Boolean).join(':')).join('；') },
    { header: '合作方式', key: 'cooperationModes', required: true, read: (v, i) => (i.cooperationModes = cell.codes(CooperationModes, v, '合作方式')), write: (a) => a.cooperationModes.map((m) => CooperationModes.label(m)).join('、') },
    { header: '价格(万元)', key: 'price', read: (v, i) => (i.price = cell.amount(v)), write: (a) => money(a.priceMinWan, a.priceMaxWan, a.priceNegotiable) },
    { header: '团队负责人', key: 'teamLead', required: true, read: (v, i) => (i.teamLead = cell.required(v)), write: (a) => a.teamLead },
    { header: '所在地区', key: 'regionCode', required: true, read: (v, i) => (i.regionCode = cell.region(v)), write: (a) => a.regionCode, public: true },
    { header: '地区名称', key: 'regionName', write: (a) => Regions.get(a.regionCode)?.fullName ?? '', public: true },
    { header: '公开范围', key: 'visibility', required: true, read: (v, i) => (i.visibility = cell.code(Visibilities, v, '公开范围')), write: (a) => Visibilities.label(a.visibility), public: true },
    { header: '状态', key: 'status', write: (a) => a.status, public: true },
    { header: '编号', key: 'id', write: (a) => a.id, public: true },
  ];
}

/** Defaults for the fields a new achievement may leave out (API or spreadsheet). */
export const ACHIEVEMENT_DEFAULTS: Partial<AchievementInput> = { innovationPoints: [], applicationScenarios: [], chainCodes: [], keywords: [], ipRights: [], price: { negotiable: true } };
