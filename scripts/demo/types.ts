/**
 * The shapes of the demo data set: what the loader sends to the API (POST /api/v1/demands,
 * POST /api/v1/achievements) plus the owner and the status to bring each item to.
 */
export type DemandStage = 'pilot_small' | 'pilot' | 'industrial' | 'commercial';
export type AchievementStage = 'laboratory' | DemandStage;
export type DemoVisibility = 'public' | 'members' | 'confidential';

export interface DemoUser {
  email: string;
  displayName: string;
  memberRole: 'owner' | 'admin' | 'member';
}

export interface DemoOrganization {
  /** Stable id within the demo set, e.g. 'ent-haisheng-marine'. */
  key: string;
  type: 'enterprise' | 'university' | 'institute' | 'agency' | 'government';
  /** Realistic but fictional. */
  name: string;
  /** 统一社会信用代码 with a valid GB 32100 check character. */
  creditCode: string;
  /** GB/T 2260 district code in Liaoning. */
  regionCode: string;
  fields: string[];
  size?: 'micro' | 'small' | 'medium' | 'large';
  /** EnterpriseTiers codes, enterprises only. */
  tiers?: string[];
  description: string;
  users: DemoUser[];
}

export interface DemoAmount {
  minWan?: number;
  maxWan?: number;
  negotiable?: boolean;
}

export interface DemoChallenge {
  rewardWan: number;
  deadlineDays: number;
  evaluationPlan: string;
}

export interface DemoDemand {
  /** DemoOrganization.key of an enterprise. */
  owner: string;
  externalRef: string;
  title: string;
  neutralTitle?: string;
  description: string;
  indicators: string[];
  existingBasis?: string;
  fieldCode: string;
  chainCodes: string[];
  keywords: string[];
  budget: DemoAmount;
  cooperationModes: string[];
  desiredStage: DemandStage;
  regionCode: string;
  localPreference: boolean;
  /** Days from "now"; the loader turns it into a date. */
  validUntilDays: number;
  visibility: DemoVisibility;
  challenge?: DemoChallenge;
  status: 'draft' | 'published' | 'in_negotiation' | 'solved' | 'closed';
}

export interface DemoIpRight {
  kind: string;
  number?: string;
  status: 'applied' | 'granted';
  title?: string;
}

export interface DemoAchievement {
  owner: string;
  externalRef: string;
  title: string;
  neutralTitle?: string;
  summary: string;
  innovationPoints: string[];
  applicationScenarios: string[];
  fieldCode: string;
  chainCodes: string[];
  keywords: string[];
  trl: number;
  stage: AchievementStage;
  ipRights: DemoIpRight[];
  cooperationModes: string[];
  price: DemoAmount;
  teamLead: string;
  regionCode: string;
  visibility: DemoVisibility;
  status: 'draft' | 'published' | 'closed';
}

export interface DemoCatalog {
  organizations: DemoOrganization[];
  demands: DemoDemand[];
  achievements: DemoAchievement[];
}
