import type { MatchableAchievement, MatchableDemand } from '../types';

/** Small builders for tests: only what a test states differs from a neutral default. */
export function aDemand(overrides: Partial<MatchableDemand> & Pick<MatchableDemand, 'id'>): MatchableDemand {
  return {
    version: 1,
    title: '',
    description: '',
    indicators: [],
    keywords: [],
    fieldCode: 'equipment',
    chainCodes: [],
    region: '210200',
    localPreference: false,
    cooperationModes: ['joint_development'],
    budget: { negotiable: true },
    desiredStage: undefined,
    updatedAt: new Date('2025-01-01T00:00:00Z'),
    ...overrides,
  };
}

export function anAchievement(overrides: Partial<MatchableAchievement> & Pick<MatchableAchievement, 'id'>): MatchableAchievement {
  return {
    version: 1,
    title: '',
    summary: '',
    keywords: [],
    fieldCode: 'equipment',
    chainCodes: [],
    region: '210200',
    cooperationModes: ['joint_development'],
    price: { negotiable: true },
    stage: undefined,
    trl: undefined,
    updatedAt: new Date('2025-01-01T00:00:00Z'),
    ...overrides,
  };
}
