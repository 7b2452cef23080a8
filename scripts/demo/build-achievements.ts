import { areaLabel } from './areas';
import { cnipaNumber, softwareCopyrightNumber } from './cnipa';
import { cooperationSentence, neutralAchievementTitle, stageSentence, teamLead, trlFor } from './phrases';
import { between, hash, shuffled } from './random';
import type { Amount, Topic } from './topic';
import type { DemoAchievement, DemoAmount, DemoIpRight, DemoOrganization } from './types';

export interface BuiltAchievement {
  achievement: DemoAchievement;
  topicId: string;
  fit: 0 | 1 | 2;
}

const KINDS: Record<string, string> = {
  inv: 'invention_patent',
  um: 'utility_model',
  sw: 'software_copyright',
  kh: 'know_how',
  pv: 'new_plant_variety',
  ic: 'ic_layout',
};

/** One IP entry from its code (see AchievementSpec.ip); numbers are derived from the key, so stable. */
export function ipRight(code: string, key: string): DemoIpRight {
  const [head, ...rest] = code.split(':');
  const title = rest.length ? rest.join(':') : undefined;
  const base = head.replace(/[+?]$/, '');
  const forced = head.endsWith('+') ? 'granted' : head.endsWith('?') ? 'applied' : undefined;
  const kind = KINDS[base];
  if (!kind) throw new Error(`${key}: unknown IP code "${code}"`);
  const year = between(`${key}:year`, base === 'inv' ? 2016 : 2018, 2023);
  const withTitle = (right: DemoIpRight): DemoIpRight => (title ? { ...right, title } : right);
  switch (base) {
    case 'inv': {
      const granted = year <= 2020 || (year === 2021 && hash(`${key}:g`) % 2 === 0);
      const status = forced ?? (granted ? 'granted' : 'applied');
      // A granted invention filed recently is possible but rare; keep the filing year plausible.
      const filed = status === 'granted' ? Math.min(year, 2021) : Math.max(year, 2020);
      return withTitle({ kind, number: cnipaNumber(filed, 1, between(`${key}:serial`, 100_000, 1_599_999)), status });
    }
    case 'um':
      return withTitle({ kind, number: cnipaNumber(year, 2, between(`${key}:serial`, 100_000, 2_999_999)), status: forced ?? 'granted' });
    case 'sw':
      return withTitle({ kind, number: softwareCopyrightNumber(year, between(`${key}:serial`, 100_000, 1_999_999)), status: 'granted' });
    case 'pv':
      return withTitle({ kind, number: `CNA${year}${between(`${key}:serial`, 1000, 9999)}.${hash(key) % 10}`, status: forced ?? (year <= 2021 ? 'granted' : 'applied') });
    case 'ic':
      return withTitle({ kind, number: `BS.${String(year).slice(2)}5${between(`${key}:serial`, 100_000, 999_999)}`, status: 'granted' });
    default:
      return withTitle({ kind, status: 'applied' });
  }
}

const price = (amount: Amount): DemoAmount => (amount === 'negotiable' ? { negotiable: true } : { minWan: amount[0], maxWan: amount[1] });

export function buildAchievements(topics: readonly Topic[], orgs: ReadonlyMap<string, DemoOrganization>): BuiltAchievement[] {
  const built: BuiltAchievement[] = [];
  for (const topic of topics) {
    topic.achievements.forEach((spec, k) => {
      const key = `${topic.id}:a${k}`;
      const owner = orgs.get(spec.owner);
      if (!owner) throw new Error(`${key}: unknown owner ${spec.owner}`);
      let summary = `${spec.summary}${stageSentence(spec.stage, key)}`;
      // Short summaries also say how the team offers the result, one sentence per mode until long enough.
      for (const mode of spec.modes) if (summary.length < 110) summary += cooperationSentence(mode, key);
      if (summary.length < 95) summary += `适用于${spec.scenarios.join('、')}。`;
      const achievement: DemoAchievement = {
        owner: owner.key,
        externalRef: `DEMO-A-${String(built.length + 1).padStart(4, '0')}`,
        title: spec.title,
        summary,
        innovationPoints: [...spec.innovations],
        applicationScenarios: [...spec.scenarios],
        fieldCode: topic.field,
        chainCodes: [...(spec.chains ?? topic.chains)],
        keywords: [...spec.keywords],
        trl: trlFor(spec.stage, key),
        stage: spec.stage,
        ipRights: spec.ip.map((code, j) => ipRight(code, `${key}:ip${j}`)),
        cooperationModes: [...spec.modes],
        price: price(spec.price),
        teamLead: spec.lead ?? teamLead(owner.type, `${owner.key}:${topic.id}`),
        regionCode: owner.regionCode,
        visibility: spec.visibility ?? 'public',
        status: 'published',
      };
      built.push({ achievement, topicId: topic.id, fit: spec.fit });
    });
  }
  assignAchievementQuotas(built.map((b) => b.achievement), new Set(topics.flatMap((t) => t.achievements.filter((a) => a.visibility).map((a) => a.title))));
  return built;
}

/** About 10 % confidential, 20 % members-only (on top of any the data fixes), 8 % drafts, 5 % closed. */
function assignAchievementQuotas(items: DemoAchievement[], fixed: ReadonlySet<string>): void {
  const free = items.filter((a) => !fixed.has(a.title));
  const fixedConfidential = items.filter((a) => fixed.has(a.title) && a.visibility === 'confidential').length;
  const n = items.length;
  shuffled(free, (a) => a.externalRef, 'visibility').forEach((a, rank) => {
    if (rank < Math.round(n * 0.1) - fixedConfidential) a.visibility = 'confidential';
    else if (rank < Math.round(n * 0.3) - fixedConfidential) a.visibility = 'members';
  });
  shuffled(items, (a) => a.externalRef, 'status').forEach((a, rank) => {
    if (rank < Math.round(n * 0.08)) a.status = 'draft';
    else if (rank < Math.round(n * 0.13)) a.status = 'closed';
  });
  for (const a of items) {
    if (a.visibility === 'confidential') a.neutralTitle = neutralAchievementTitle(areaLabel(a.fieldCode, a.chainCodes), a.externalRef);
  }
}
