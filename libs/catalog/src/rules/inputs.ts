import type { CooperationMode, IpKind, MaturityStage, Visibility } from '@techbridge/domain';
import type { AmountInput } from './amounts';

/** What a client (form, API or spreadsheet row) gives for a technology demand. */
export interface DemandInput {
  externalRef?: string | null;
  title: string;
  neutralTitle?: string | null;
  description: string;
  indicators: string[];
  existingBasis?: string | null;
  fieldCode: string;
  chainCodes: string[];
  keywords: string[];
  budget: AmountInput;
  cooperationModes: CooperationMode[];
  desiredStage: MaturityStage;
  regionCode: string;
  localPreference: boolean;
  /** YYYY-MM-DD */
  validUntil: string;
  visibility: Visibility;
  challenge?: { rewardWan: number; deadline: string; evaluationPlan: string } | null;
}

export interface IpRightInput {
  kind: IpKind;
  number?: string | null;
  status: 'applied' | 'granted';
  title?: string | null;
}

/** What a client gives for a research achievement. */
export interface AchievementInput {
  externalRef?: string | null;
  title: string;
  neutralTitle?: string | null;
  summary: string;
  innovationPoints: string[];
  applicationScenarios: string[];
  fieldCode: string;
  chainCodes: string[];
  keywords: string[];
  trl: number;
  stage: MaturityStage;
  ipRights: IpRightInput[];
  cooperationModes: CooperationMode[];
  price: AmountInput;
  teamLead: string;
  regionCode: string;
  visibility: Visibility;
}
