import { areaLabel, cityName } from './areas';
import { demandCloser, evaluationPlan, neutralDemandTitle } from './phrases';
import { between, cycle, hash, shuffled } from './random';
import type { Amount, Topic } from './topic';
import type { DemoAmount, DemoDemand, DemoOrganization } from './types';

export interface BuiltDemand {
  demand: DemoDemand;
  topicId: string;
}

/** Replaces {p} with the product and {a}, {b}… with the i-th value of each list. */
export function fillTemplate(template: string, product: string, vals: Readonly<Record<string, readonly (string | number)[]>> | undefined, i: number): string {
  return template.replace(/\{(\w+)\}/g, (_whole, name: string) => {
    if (name === 'p') return product;
    const list = vals?.[name];
    if (!list) throw new Error(`no values for {${name}} in "${template}"`);
    return String(cycle(list, i));
  });
}

/** Rounded as people write budgets, within the 10–2000 万元 a single demand of the demo asks for. */
const roundWan = (value: number): number => Math.min(2000, value >= 100 ? Math.round(value / 10) * 10 : Math.max(10, Math.round(value / 5) * 5));

function demandBudget(budget: Amount, i: number, key: string): DemoAmount {
  if (budget === 'negotiable' || hash(`${key}:negotiable`) % 100 < 12) return { negotiable: true };
  const factor = cycle([1, 0.8, 1.5], i);
  const [min, max] = budget;
  // Some enterprises give one ceiling instead of a range.
  if (hash(`${key}:ceiling`) % 5 === 0) return { maxWan: roundWan(max * factor) };
  return { minWan: roundWan(min * factor), maxWan: roundWan(max * factor) };
}

export function buildDemands(topics: readonly Topic[], orgs: ReadonlyMap<string, DemoOrganization>): BuiltDemand[] {
  const built: BuiltDemand[] = [];
  for (const topic of topics) {
    const spec = topic.demand;
    if (!spec) continue;
    spec.products.forEach((product, i) => {
      const key = `${topic.id}:d${i}`;
      const owner = orgs.get(cycle(spec.owners, i));
      if (owner?.type !== 'enterprise') throw new Error(`${key}: owner ${cycle(spec.owners, i)} is not an enterprise of the demo`);
      const fill = (template: string) => fillTemplate(template, product, spec.vals, i);
      const keywords = [...spec.keywords];
      if (keywords.length < 6 && product.length <= 10 && !keywords.includes(product)) keywords.push(product);
      const isChallenge = spec.challenge !== undefined && i === 0;
      const validUntilDays = isChallenge ? between(`${key}:valid`, 240, 420) : between(`${key}:valid`, 90, 540);
      const demand: DemoDemand = {
        owner: owner.key,
        externalRef: `DEMO-D-${String(built.length + 1).padStart(4, '0')}`,
        title: fill(cycle(spec.titles, i)),
        description: `${fill(cycle(spec.problems, i))}${fill(cycle(spec.tried, i))}${spec.closers ? cycle(spec.closers, i) : demandCloser(spec.stage, key)}`,
        indicators: spec.indicators.map(fill),
        existingBasis: fill(cycle(spec.basis, i)),
        fieldCode: topic.field,
        chainCodes: [...topic.chains],
        keywords,
        budget: demandBudget(spec.budget, i, key),
        cooperationModes: [...spec.modes],
        desiredStage: spec.stage,
        regionCode: spec.sites?.[i] ?? owner.regionCode,
        localPreference: hash(`${key}:local`) % 10 < 4,
        validUntilDays,
        visibility: 'public',
        status: 'published',
      };
      if (isChallenge && spec.challenge) {
        demand.challenge = {
          rewardWan: spec.challenge.rewardWan,
          deadlineDays: between(`${key}:deadline`, 60, Math.min(150, validUntilDays - 30)),
          evaluationPlan: evaluationPlan(fill(spec.challenge.focus), spec.stage, key),
        };
      }
      built.push({ demand, topicId: topic.id });
    });
  }
  assignDemandQuotas(built.map((b) => b.demand));
  return built;
}

/**
 * Visibility and status by quota over a fixed shuffle: about 10 % confidential and 20 % members-only,
 * most published, some drafts, a few in negotiation, solved or closed. Challenges stay public and open.
 */
function assignDemandQuotas(demands: DemoDemand[]): void {
  const open = demands.filter((d) => !d.challenge);
  const n = open.length;
  const byVisibility = shuffled(open, (d) => d.externalRef, 'visibility');
  byVisibility.forEach((d, rank) => {
    if (rank < Math.round(n * 0.1)) d.visibility = 'confidential';
    else if (rank < Math.round(n * 0.3)) d.visibility = 'members';
  });
  const quotas: Array<[DemoDemand['status'], number]> = [['draft', 0.08], ['in_negotiation', 0.06], ['solved', 0.04], ['closed', 0.04]];
  let rank = 0;
  const byStatus = shuffled(open, (d) => d.externalRef, 'status');
  for (const [status, share] of quotas) {
    for (const end = rank + Math.round(n * share); rank < end; rank++) byStatus[rank].status = status;
  }
  for (const d of demands) {
    if (d.visibility === 'confidential') d.neutralTitle = neutralDemandTitle(cityName(d.regionCode), areaLabel(d.fieldCode, d.chainCodes), d.externalRef);
  }
}
