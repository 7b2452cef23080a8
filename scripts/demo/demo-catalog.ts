/**
 * The demo data set of TechBridge: fictional Liaoning organisations with their users, ~250
 * technology demands and ~300 achievements, written so that matching has something to find
 * (achievements that solve demands in other words) and something to reject (near misses).
 *
 * Deterministic: no clock, no randomness; every choice is a hash of a stable key. The loader
 * turns `validUntilDays` / `deadlineDays` into dates and drives each item to its `status`.
 */
import { buildAchievements } from './build-achievements';
import { buildDemands } from './build-demands';
import { demoOrganizations } from './organizations';
import { DEMO_TOPICS } from './topics';
import type { DemoCatalog } from './types';

export type {
  AchievementStage,
  DemandStage,
  DemoAchievement,
  DemoAmount,
  DemoCatalog,
  DemoChallenge,
  DemoDemand,
  DemoIpRight,
  DemoOrganization,
  DemoUser,
  DemoVisibility,
} from './types';
export { cnipaNumber } from './cnipa';

export const DEMO_PASSWORD = 'Demo-password-2024';

export function buildDemoCatalog(): DemoCatalog {
  const organizations = demoOrganizations();
  const byKey = new Map(organizations.map((o) => [o.key, o]));
  return {
    organizations,
    demands: buildDemands(DEMO_TOPICS, byKey).map((b) => b.demand),
    achievements: buildAchievements(DEMO_TOPICS, byKey).map((b) => b.achievement),
  };
}

export interface DemoRelevance {
  demandRef: string;
  achievementRef: string;
  /** 2 solves the demand, 1 partly relevant. Pairs not listed are near misses or unrelated. */
  grade: 1 | 2;
}

/**
 * Which achievements the demo data was written to answer which demands: a smoke test for matching
 * on a freshly loaded demo ("does the top of the list hold the intended answers?"), not a benchmark.
 */
export function buildDemoRelevance(): DemoRelevance[] {
  const byKey = new Map(demoOrganizations().map((o) => [o.key, o]));
  const achievements = buildAchievements(DEMO_TOPICS, byKey);
  return buildDemands(DEMO_TOPICS, byKey).flatMap(({ demand, topicId }) =>
    achievements
      .filter((a) => a.topicId === topicId && a.fit > 0)
      .map((a) => ({ demandRef: demand.externalRef, achievementRef: a.achievement.externalRef, grade: a.fit as 1 | 2 })),
  );
}
