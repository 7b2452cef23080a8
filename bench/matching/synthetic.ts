import { CooperationModes, INITIAL_CHAINS, INITIAL_FIELDS, MaturityStages, TRL_BY_STAGE } from '@techbridge/domain';
import type { MatchableAchievement, MatchableDemand } from '@techbridge/matching';
import { Thesaurus } from '@techbridge/text';

const CITIES = ['210100', '210200', '210300', '210400', '210500', '210600', '210700', '210800', '211100', '211200', '110000', '310000', '320100', '230100', '220100', '370200'];
const OPENERS = ['针对', '面向', '围绕', '为解决', '聚焦'];
const VERBS = ['采用', '结合', '基于', '通过', '利用', '集成'];
const GOALS = ['提升', '降低', '实现', '改善', '保障', '缩短'];
const PROBLEMS = ['效率低', '成本高', '寿命短', '稳定性差', '一致性差', '能耗高', '故障频发', '依赖进口'];

/**
 * A synthetic catalogue in the platform's language: Chinese technical sentences assembled from
 * the thesaurus terms of each field plus general ones, with realistic lengths (title ≈ 15
 * characters, summary ≈ 250). Not meant to be relevant to anything: it is load for the index.
 */
export class SyntheticCatalogue {
  private readonly pools = new Map<string, string[]>();
  private readonly general: string[];

  constructor(private readonly rand: () => number) {
    const cjk = (t: string): boolean => /^[\u4e00-\u9fff]{2,8}$/.test(t);
    const general = new Set<string>();
    for (const entry of Thesaurus.shared().entries) {
      const terms = [...entry.from, ...entry.to].filter(cjk);
      if (entry.fields.length === 0) terms.forEach((t) => general.add(t));
      for (const field of entry.fields) {
        const pool = this.pools.get(field) ?? [];
        pool.push(...terms);
        this.pools.set(field, pool);
      }
    }
    this.general = [...general];
  }

  demand(n: number): MatchableDemand {
    const field = this.field();
    const terms = this.terms(field, 14);
    return {
      id: `d${n}`,
      version: 1,
      title: `${terms[0]}${this.pick(PROBLEMS)}问题`,
      description: this.sentences(terms, 5),
      indicators: [`${terms[1]}${this.pick(GOALS)}30%以上`, `${terms[2]}寿命不低于${1 + Math.floor(this.rand() * 9)}年`],
      existingBasis: `现有${terms[3]}生产线${Math.floor(this.rand() * 20) + 1}条`,
      keywords: terms.slice(0, 3),
      fieldCode: field,
      chainCodes: this.chains(field),
      region: this.pick(CITIES),
      localPreference: this.rand() < 0.3,
      cooperationModes: this.modes(),
      budget: this.rand() < 0.2 ? { negotiable: true } : { maxWan: 10 * (1 + Math.floor(this.rand() * 50)), negotiable: false },
      desiredStage: this.pick(MaturityStages.codes.slice(1)),
      updatedAt: new Date(Date.UTC(2024, 0, 1) + Math.floor(this.rand() * 500) * 86_400_000),
    };
  }

  achievement(n: number): MatchableAchievement {
    const field = this.field();
    const terms = this.terms(field, 16);
    const stage = this.pick(MaturityStages.codes);
    const [low, high] = TRL_BY_STAGE[stage];
    return {
      id: `a${n}`,
      version: 1,
      title: `${terms[0]}${terms[1]}技术`,
      summary: this.sentences(terms, 6),
      innovationPoints: `${this.pick(VERBS)}${terms[2]}与${terms[3]}，${this.pick(GOALS)}${terms[4]}。`,
      applicationScenarios: `适用于${terms[5]}、${terms[6]}等场景。`,
      keywords: terms.slice(0, 4),
      fieldCode: field,
      chainCodes: this.chains(field),
      region: this.pick(CITIES),
      cooperationModes: this.modes(),
      trl: low + Math.floor(this.rand() * (high - low + 1)),
      stage,
      price: this.rand() < 0.3 ? { negotiable: true } : { minWan: 5 * (1 + Math.floor(this.rand() * 100)), negotiable: false },
      updatedAt: new Date(Date.UTC(2024, 0, 1) + Math.floor(this.rand() * 500) * 86_400_000),
    };
  }

  private sentences(terms: readonly string[], count: number): string {
    const out: string[] = [];
    for (let i = 0; i < count; i++) {
      const [a, b, c] = [this.pickFrom(terms), this.pickFrom(terms), this.pickFrom(terms)];
      out.push(`${this.pick(OPENERS)}${a}${this.pick(PROBLEMS)}的问题，${this.pick(VERBS)}${b}和${c}方法，${this.pick(GOALS)}${this.pickFrom(terms)}性能`);
    }
    return `${out.join('；')}。`;
  }

  private terms(field: string, count: number): string[] {
    const own = this.pools.get(field) ?? this.general;
    return Array.from({ length: count }, () => (this.rand() < 0.75 ? this.pickFrom(own) : this.pickFrom(this.general)));
  }

  private field(): string {
    return this.pick(INITIAL_FIELDS.map((f) => f.code));
  }

  private chains(field: string): string[] {
    const chains = INITIAL_CHAINS.filter((c) => c.field === field).map((c) => c.code);
    return chains.length === 0 || this.rand() < 0.3 ? [] : [this.pickFrom(chains)];
  }

  private modes(): (typeof CooperationModes.codes)[number][] {
    return CooperationModes.codes.filter(() => this.rand() < 0.35);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)]!;
  }

  private pickFrom(items: readonly string[]): string {
    return this.pick(items);
  }
}
