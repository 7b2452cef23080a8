import type { OrganizationType } from '@techbridge/domain';
import request from 'supertest';
import { loginAdmin, registerOrganization, type Session } from './accounts';
import type { TestApp } from './harness';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

let serial = 0;
const ref = (prefix: string) => `${prefix}-${process.env.JEST_WORKER_ID ?? 1}-${Date.now().toString(36)}-${serial++}`;

export function demandBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    externalRef: ref('D'),
    title: '风电机组主轴轴承早期损伤预警',
    description: '风电场主轴双列调心滚子轴承在低转速下出现滚道剥落，现有振动监测系统难以提前发现，需要早期预警技术。',
    indicators: ['提前3个月发现损伤', '误报率≤5%'],
    fieldCode: 'equipment',
    chainCodes: ['bearings_and_parts'],
    keywords: ['轴承', '状态监测'],
    budget: { minWan: 50, maxWan: 150 },
    cooperationModes: ['joint_development', 'technical_service'],
    desiredStage: 'industrial',
    regionCode: '210211',
    localPreference: true,
    validUntil: inDays(180),
    visibility: 'public',
    ...overrides,
  };
}

export function achievementBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    externalRef: ref('A'),
    title: '低速重载轴承声发射状态监测系统',
    summary: '采用宽频声发射传感器捕捉滚道微裂纹扩展释放的应力波，结合小波降噪建立损伤演化指标，在5rpm工况下可检出初始点蚀。',
    innovationPoints: ['低转速下的早期损伤识别'],
    applicationScenarios: ['风电主轴', '回转支承'],
    fieldCode: 'equipment',
    chainCodes: ['bearings_and_parts'],
    keywords: ['声发射', '滚动轴承'],
    trl: 6,
    stage: 'pilot',
    ipRights: [{ kind: 'invention_patent', number: 'ZL202110123456.7', status: 'granted' }],
    cooperationModes: ['license', 'joint_development'],
    price: { minWan: 60, maxWan: 60 },
    teamLead: '王立新 教授',
    regionCode: '210211',
    visibility: 'public',
    ...overrides,
  };
}

export async function verifyOrganization(app: TestApp, organizationId: string): Promise<void> {
  const admin = await loginAdmin(app);
  await request(app.http).post(`/api/v1/admin/organizations/${organizationId}/verify`).set(admin.auth).expect(200);
}

/** A new organisation of `type` the platform has verified (so it may publish, apply and ask), signed in. */
export async function verifiedOrganization(app: TestApp, type: OrganizationType): Promise<Session> {
  const session = await registerOrganization(app, type);
  await verifyOrganization(app, session.organizationId!);
  return session;
}

/** Creates and publishes (the organisation must be verified). */
export async function publishedItem(app: TestApp, session: Session, kind: 'demands' | 'achievements', overrides: Record<string, unknown> = {}): Promise<{ id: string; version: number }> {
  const body = kind === 'demands' ? demandBody(overrides) : achievementBody(overrides);
  const created = await request(app.http).post(`/api/v1/${kind}`).set(session.auth).send(body).expect(201);
  const published = await request(app.http).post(`/api/v1/${kind}/${created.body.id}/actions/publish`).set(session.auth).send({}).expect(200);
  return { id: created.body.id, version: published.body.version };
}

/** The columns of an achievements spreadsheet as users fill it in (docs/catalog-import.md). */
export const ACHIEVEMENT_SHEET_HEADERS = ['外部编号', '成果名称', '成果简介', '技术领域', '产业链', '关键词', '技术成熟度(TRL)', '成熟度阶段', '知识产权', '合作方式', '价格(万元)', '团队负责人', '所在地区', '公开范围'];

/** One achievements spreadsheet row: a titanium process, with `overrides` by column heading. */
export function achievementSheetRow(ref: string, title: string, overrides: Partial<Record<string, string>> = {}): string[] {
  const base: Record<string, string> = {
    外部编号: ref, 成果名称: title, 成果简介: `${title}：经过中试验证的成套技术，可直接用于生产线改造。`, 技术领域: '新材料', 产业链: '钛及钛合金', 关键词: '钛合金、熔炼',
    '技术成熟度(TRL)': '6', 成熟度阶段: '中试', 知识产权: '发明专利:ZL202110123456.7:已授权；技术秘密', 合作方式: '技术许可、合作开发', '价格(万元)': '50-80', 团队负责人: '李明 研究员', 所在地区: '210302', 公开范围: '公开',
  };
  return ACHIEVEMENT_SHEET_HEADERS.map((h) => overrides[h] ?? base[h]!);
}

/** Rows under the achievements headings as CSV, every cell quoted. */
export const sheetCsv = (rows: string[][]): string => [ACHIEVEMENT_SHEET_HEADERS, ...rows].map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(',')).join('\n');
