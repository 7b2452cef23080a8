import { ACHIEVEMENT_KIND } from '@techbridge/catalog';
import {
  CooperationModes,
  creditCodeProblem,
  EnterpriseTiers,
  INITIAL_CHAINS,
  INITIAL_FIELDS,
  MaturityStages,
  ORGANIZATION_SIZES,
  OrganizationTypes,
  Regions,
  TRL_BY_STAGE,
  Visibilities,
} from '@techbridge/domain';
import { buildDemoCatalog, buildDemoRelevance, DEMO_PASSWORD, type DemoAmount } from './demo-catalog';

const catalog = buildDemoCatalog();
const { organizations, demands, achievements } = catalog;
const orgByKey = new Map(organizations.map((o) => [o.key, o]));
const FIELD_CODES = new Set(INITIAL_FIELDS.map((f) => f.code));
const CHAIN_CODES = new Set(INITIAL_CHAINS.map((c) => c.code));
const items = [...demands, ...achievements];

const duplicates = (values: string[]): string[] => values.filter((v, i) => values.indexOf(v) !== i);
const share = (n: number, total: number) => n / total;

/** Independent of the helper under test: Σ dᵢ·wᵢ mod 11, weights 2…9,2…5, 10 → X. */
function cnipaCheckOk(number: string): boolean {
  const match = /^(\d{12})\.([\dX])$/.exec(number);
  if (!match) return false;
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  const sum = [...match[1]].reduce((acc, d, i) => acc + Number(d) * weights[i], 0) % 11;
  return match[2] === (sum === 10 ? 'X' : String(sum));
}

function expectAmount(amount: DemoAmount, label: string): void {
  if (amount.negotiable) {
    expect({ label, min: amount.minWan, max: amount.maxWan }).toEqual({ label, min: undefined, max: undefined });
    return;
  }
  const figures = [amount.minWan, amount.maxWan].filter((v): v is number => v !== undefined);
  expect(figures.length).toBeGreaterThan(0);
  for (const v of figures) {
    expect(v).toBeGreaterThanOrEqual(10);
    expect(v).toBeLessThanOrEqual(2000);
  }
  if (amount.minWan !== undefined && amount.maxWan !== undefined) expect(amount.minWan).toBeLessThanOrEqual(amount.maxWan);
}

describe('demo catalog', () => {
  it('has about 20 organisations, 250 demands and 300 achievements', () => {
    const count = (type: string) => organizations.filter((o) => o.type === type).length;
    expect(organizations.length).toBeGreaterThanOrEqual(18);
    expect(organizations.length).toBeLessThanOrEqual(24);
    expect(count('enterprise')).toBeGreaterThanOrEqual(10);
    expect(count('university') + count('institute')).toBeGreaterThanOrEqual(6);
    expect(count('agency')).toBeGreaterThanOrEqual(1);
    expect(count('government')).toBe(1);
    expect(demands.length).toBeGreaterThanOrEqual(240);
    expect(demands.length).toBeLessThanOrEqual(265);
    expect(achievements.length).toBeGreaterThanOrEqual(290);
    expect(achievements.length).toBeLessThanOrEqual(315);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(buildDemoCatalog())).toBe(JSON.stringify(catalog));
    expect(DEMO_PASSWORD).toBe('Demo-password-2024');
  });

  describe('organisations', () => {
    it('have valid credit codes, Liaoning regions and known codes', () => {
      for (const org of organizations) {
        expect({ key: org.key, problem: creditCodeProblem(org.creditCode) }).toEqual({ key: org.key, problem: undefined });
        expect(Regions.isValid(org.regionCode) && Regions.get(org.regionCode)?.level).toBe('district');
        expect(Regions.provinceOf(org.regionCode)).toBe('210000');
        expect(OrganizationTypes.is(org.type)).toBe(true);
        expect(org.fields.length).toBeGreaterThan(0);
        for (const f of org.fields) expect(FIELD_CODES.has(f)).toBe(true);
        if (org.size) expect(ORGANIZATION_SIZES).toContain(org.size);
        for (const tier of org.tiers ?? []) expect(EnterpriseTiers.is(tier)).toBe(true);
        if (org.type !== 'enterprise') expect(org.tiers).toBeUndefined();
        expect(org.name.length).toBeLessThanOrEqual(200);
        expect(org.description.length).toBeGreaterThan(20);
        expect(org.description.length).toBeLessThanOrEqual(2000);
      }
    });

    it('span many cities of Liaoning', () => {
      const cities = new Set([...organizations.map((o) => o.regionCode), ...demands.map((d) => d.regionCode)].map(Regions.cityOf));
      expect(cities.size).toBeGreaterThanOrEqual(10);
    });

    it('have 1–3 users each, one owner, unique demo e-mails', () => {
      for (const org of organizations) {
        expect(org.users.length).toBeGreaterThanOrEqual(1);
        expect(org.users.length).toBeLessThanOrEqual(3);
        expect(org.users.filter((u) => u.memberRole === 'owner')).toHaveLength(1);
        expect(org.users[0].memberRole).toBe('owner'); // the loader registers the first user as the organisation's owner
      }
      const emails = organizations.flatMap((o) => o.users.map((u) => u.email));
      for (const email of emails) expect(email).toMatch(/^[a-z][a-z.]*@demo\.techbridge\.local$/);
      expect(duplicates(emails)).toEqual([]);
      expect(duplicates(organizations.map((o) => o.creditCode))).toEqual([]);
      expect(duplicates(organizations.map((o) => o.key))).toEqual([]);
      expect(duplicates(organizations.map((o) => o.name))).toEqual([]);
    });
  });

  describe('demands and achievements', () => {
    it('use valid taxonomy, cooperation, visibility and region codes', () => {
      for (const item of items) {
        expect(FIELD_CODES.has(item.fieldCode)).toBe(true);
        if (INITIAL_CHAINS.some((c) => c.field === item.fieldCode)) expect(item.chainCodes.length).toBeGreaterThan(0);
        for (const c of item.chainCodes) expect(CHAIN_CODES.has(c)).toBe(true);
        expect(item.cooperationModes.length).toBeGreaterThan(0);
        for (const m of item.cooperationModes) expect(CooperationModes.is(m)).toBe(true);
        expect(duplicates(item.cooperationModes)).toEqual([]);
        expect(Visibilities.is(item.visibility)).toBe(true);
        expect(Regions.isValid(item.regionCode)).toBe(true);
        expect(Regions.provinceOf(item.regionCode)).toBe('210000');
      }
      for (const d of demands) expect(MaturityStages.is(d.desiredStage) && (d.desiredStage as string) !== 'laboratory').toBe(true);
      for (const a of achievements) expect(MaturityStages.is(a.stage)).toBe(true);
    });

    it('belong to organisations of the right kind', () => {
      for (const d of demands) expect(orgByKey.get(d.owner)?.type).toBe('enterprise');
      for (const a of achievements) {
        const owner = orgByKey.get(a.owner);
        expect(owner).toBeDefined();
        // The catalogue's own rule: who may own an achievement.
        expect(ACHIEVEMENT_KIND.ownerTypes).toContain(owner?.type);
        expect(a.regionCode).toBe(owner?.regionCode);
      }
      const fromEnterprises = achievements.filter((a) => orgByKey.get(a.owner)?.type === 'enterprise').length;
      expect(fromEnterprises).toBeGreaterThan(0);
      expect(share(fromEnterprises, achievements.length)).toBeLessThan(0.2);
    });

    it('state a TRL consistent with the stage', () => {
      for (const a of achievements) {
        const [low, high] = TRL_BY_STAGE[a.stage];
        expect({ ref: a.externalRef, ok: Number.isInteger(a.trl) && a.trl >= low && a.trl <= high }).toEqual({ ref: a.externalRef, ok: true });
      }
    });

    it('cite patents with valid CNIPA check characters and well-formed IP numbers', () => {
      const numbers: string[] = [];
      for (const right of achievements.flatMap((a) => a.ipRights)) {
        if (right.kind === 'invention_patent') expect(right.number).toMatch(/^\d{4}1\d{7}\.[\dX]$/);
        if (right.kind === 'utility_model') expect(right.number).toMatch(/^\d{4}2\d{7}\.[\dX]$/);
        if (right.kind === 'invention_patent' || right.kind === 'utility_model') expect(cnipaCheckOk(right.number ?? '')).toBe(true);
        if (right.kind === 'software_copyright') expect(right.number).toMatch(/^\d{4}SR\d{7}$/);
        if (right.kind === 'know_how') expect([right.number, right.status]).toEqual([undefined, 'applied']);
        if (right.number) numbers.push(right.number);
      }
      expect(numbers.length).toBeGreaterThan(400);
      expect(duplicates(numbers)).toEqual([]);
      for (const a of achievements) expect(a.ipRights.length).toBeGreaterThan(0);
    });

    it('have unique external refs and titles', () => {
      expect(duplicates(demands.map((d) => d.externalRef))).toEqual([]);
      expect(duplicates(achievements.map((a) => a.externalRef))).toEqual([]);
      for (const d of demands) expect(d.externalRef).toMatch(/^DEMO-D-\d{4}$/);
      for (const a of achievements) expect(a.externalRef).toMatch(/^DEMO-A-\d{4}$/);
      expect(duplicates(items.map((i) => i.title))).toEqual([]);
      expect(duplicates(demands.map((d) => d.description))).toEqual([]);
      expect(duplicates(achievements.map((a) => a.summary))).toEqual([]);
    });

    it('keep texts within the limits', () => {
      const texts: string[] = [];
      const tooLong: string[] = [];
      for (const item of items) {
        expect(item.title.length).toBeLessThanOrEqual(120);
        expect(item.keywords.length).toBeGreaterThanOrEqual(3);
        expect(item.keywords.length).toBeLessThanOrEqual(6);
        expect(duplicates(item.keywords)).toEqual([]);
        for (const k of item.keywords) expect(k.length).toBeLessThanOrEqual(20);
        texts.push(item.title, ...item.keywords);
      }
      for (const d of demands) {
        if (d.description.length < 80 || d.description.length > 600) tooLong.push(`${d.externalRef}: ${d.description.length}`);
        expect(d.indicators.length).toBeGreaterThanOrEqual(2);
        expect(d.indicators.length).toBeLessThanOrEqual(6);
        texts.push(d.description, ...d.indicators, d.existingBasis ?? '');
      }
      for (const a of achievements) {
        if (a.summary.length < 80 || a.summary.length > 600) tooLong.push(`${a.externalRef}: ${a.summary.length}`);
        expect(a.innovationPoints.length).toBeGreaterThanOrEqual(1);
        expect(a.innovationPoints.length).toBeLessThanOrEqual(4);
        expect(a.applicationScenarios.length).toBeGreaterThanOrEqual(1);
        expect(a.applicationScenarios.length).toBeLessThanOrEqual(4);
        expect(a.teamLead).toMatch(/^\S{2,4} \S+$/);
        texts.push(a.summary, ...a.innovationPoints, ...a.applicationScenarios);
      }
      expect(tooLong).toEqual([]);
      expect(texts.filter((text) => /[{}]|undefined|NaN/.test(text))).toEqual([]);
    });

    it('give confidential items a neutral title that reveals nothing of the real one', () => {
      for (const item of items) {
        if (item.visibility !== 'confidential') {
          expect(item.neutralTitle).toBeUndefined();
          continue;
        }
        expect(item.neutralTitle).toBeDefined();
        expect(item.neutralTitle!.length).toBeLessThanOrEqual(120);
        expect(item.neutralTitle).not.toBe(item.title);
        // The field and chain are shown anyway; nothing else of the item may appear.
        const shown = [INITIAL_FIELDS.find((f) => f.code === item.fieldCode)?.label, ...INITIAL_CHAINS.filter((c) => item.chainCodes.includes(c.code)).map((c) => c.label)].join(' ');
        const leaked = item.keywords.filter((k) => item.neutralTitle!.includes(k) && !shown.includes(k));
        expect(leaked).toEqual([]);
      }
    });

    it('have realistic budgets and prices', () => {
      for (const d of demands) expectAmount(d.budget, d.externalRef);
      for (const a of achievements) expectAmount(a.price, a.externalRef);
      expect(demands.some((d) => d.budget.negotiable)).toBe(true);
      expect(achievements.some((a) => a.price.negotiable)).toBe(true);
    });

    it('mix visibilities and statuses like a real catalogue', () => {
      for (const list of [demands, achievements] as const) {
        const n = list.length;
        const visibility = (v: string) => share(list.filter((i) => i.visibility === v).length, n);
        expect(visibility('confidential')).toBeGreaterThanOrEqual(0.08);
        expect(visibility('confidential')).toBeLessThanOrEqual(0.13);
        expect(visibility('members')).toBeGreaterThanOrEqual(0.16);
        expect(visibility('members')).toBeLessThanOrEqual(0.25);
        expect(share(list.filter((i) => i.status === 'published').length, n)).toBeGreaterThan(0.7);
      }
      for (const status of ['draft', 'in_negotiation', 'solved', 'closed']) expect(demands.some((d) => d.status === status)).toBe(true);
      for (const status of ['draft', 'closed']) expect(achievements.some((a) => a.status === status)).toBe(true);
    });

    it('cover most fields, weighted towards Liaoning industries', () => {
      const fields = new Set(items.map((i) => i.fieldCode));
      expect(fields.size).toBeGreaterThanOrEqual(16);
      const perField = (code: string) => items.filter((i) => i.fieldCode === code).length;
      for (const code of ['equipment', 'robotics', 'materials', 'petrochemicals', 'new_energy', 'marine']) expect(perField(code)).toBeGreaterThanOrEqual(15);
    });
  });

  describe('demands', () => {
    it('have valid periods and challenges', () => {
      for (const d of demands) {
        expect(d.validUntilDays).toBeGreaterThanOrEqual(30);
        expect(d.validUntilDays).toBeLessThanOrEqual(720);
        if (!d.challenge) continue;
        expect(d.challenge.rewardWan).toBeGreaterThan(0);
        expect(d.challenge.deadlineDays).toBeGreaterThan(0);
        expect(d.challenge.deadlineDays).toBeLessThan(d.validUntilDays);
        expect(d.challenge.evaluationPlan.length).toBeGreaterThan(30);
        expect(d.status).toBe('published');
        expect(d.visibility).not.toBe('confidential');
      }
      const challenges = demands.filter((d) => d.challenge).length;
      expect(challenges).toBeGreaterThanOrEqual(12);
      expect(challenges).toBeLessThanOrEqual(18);
    });
  });

  describe('relevance', () => {
    it('gives every demand at least one achievement written to solve it', () => {
      const relevance = buildDemoRelevance();
      const solved = new Set(relevance.filter((r) => r.grade === 2).map((r) => r.demandRef));
      expect(demands.filter((d) => !solved.has(d.externalRef)).map((d) => d.externalRef)).toEqual([]);
      const refs = new Set(achievements.map((a) => a.externalRef));
      for (const r of relevance) expect(refs.has(r.achievementRef)).toBe(true);
    });
  });
});
