import type { FeedbackEvent } from '@techbridge/matching';
import type { Qrels } from './dataset';

export const GRADE_OF_OUTCOME: Readonly<Record<FeedbackEvent['outcome'], number>> = {
  dismissed: 0,
  contacted: 1,
  meeting: 1,
  negotiating: 2,
  deal: 2,
};

/**
 * Labels win; feedback judges the pairs the labels do not cover, each by the furthest any of its
 * events got (a pair both sides called interesting and then negotiated is a 2, not a 1).
 */
export function withFeedback(qrels: Qrels, events: readonly FeedbackEvent[]): Qrels {
  const merged = new Map([...qrels].map(([d, grades]) => [d, new Map(grades)]));
  const judged = new Map<string, Map<string, number>>();
  for (const e of events) {
    const grades = judged.get(e.demandId) ?? new Map<string, number>();
    grades.set(e.achievementId, Math.max(grades.get(e.achievementId) ?? 0, GRADE_OF_OUTCOME[e.outcome]));
    judged.set(e.demandId, grades);
  }
  for (const [demandId, grades] of judged) {
    const labels = merged.get(demandId) ?? new Map<string, number>();
    for (const [achievementId, grade] of grades) if (!labels.has(achievementId)) labels.set(achievementId, grade);
    merged.set(demandId, labels);
  }
  return merged;
}
