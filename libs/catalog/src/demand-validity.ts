import type { Notice } from '@techbridge/notifications';

/** How many days before its 有效期 ends the owner hears that a demand is about to expire. */
export const EXPIRY_NOTICE_DAYS = 7;

export interface LapsingDemand {
  id: string;
  organizationId: string;
  title: string;
  /** YYYY-MM-DD, the last day it is valid. */
  validUntil: string;
}

/** Once per demand and validity day: a new date may remind again when it comes near. */
export function expiringNotice(demand: LapsingDemand): Notice {
  return {
    organizationId: demand.organizationId,
    kind: 'demand.expiring',
    title: `技术需求「${demand.title}」的有效期至 ${demand.validUntil}`.slice(0, 200),
    body: `有效期过后，需求转为「已过期」，不再向成果方推荐。如仍在寻找合作方，请在到期前延长有效期。`,
    subject: { demandId: demand.id, validUntil: demand.validUntil },
  };
}

export function expiredNotice(demand: LapsingDemand): Notice {
  return {
    organizationId: demand.organizationId,
    kind: 'demand.expired',
    title: `技术需求「${demand.title}」已过有效期`.slice(0, 200),
    body: `有效期至 ${demand.validUntil}，需求已转为「已过期」，不再向成果方推荐；已在洽谈的对接不受影响。如仍需要，请延长有效期后重新发布。`,
    subject: { demandId: demand.id, validUntil: demand.validUntil },
  };
}
