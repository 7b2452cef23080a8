import { type CatalogSubscription, type FieldProblem, outsiderTitle, type Visibility } from '@techbridge/domain';
import type { TaxonomySnapshot } from '../rules/taxonomy-snapshot';

/** Subscriptions one organisation may keep. */
export const MAX_SUBSCRIPTIONS = 20;
export const MAX_CRITERIA = 5;

export type SubscriptionCriteria = Pick<CatalogSubscription, 'fieldCodes' | 'keywords' | 'regionPrefix'>;

/** What a subscriber may match on: a confidential item shows others only its field, chain, region and neutral title. */
export interface PublishedItem {
  organizationId: string;
  title: string;
  neutralTitle: string;
  keywords: string[];
  fieldCode: string;
  regionCode: string;
  visibility: Visibility;
}

/** Every criterion given holds; words are matched in what the subscriber may read, so no hidden word ever triggers a notice. */
export function matchesSubscription(criteria: SubscriptionCriteria, item: PublishedItem): boolean {
  if (criteria.fieldCodes.length && !criteria.fieldCodes.includes(item.fieldCode)) return false;
  if (criteria.regionPrefix && !item.regionCode.startsWith(criteria.regionPrefix)) return false;
  if (!criteria.keywords.length) return true;
  const readable = item.visibility === 'confidential' ? [outsiderTitle(item)] : [item.title, ...item.keywords];
  const text = readable.join('\n').toLowerCase();
  return criteria.keywords.some((word) => text.includes(word.toLowerCase()));
}

/** Bad criteria, each named by its field: unknown fields, a region prefix not of 2, 4 or 6 digits, no criterion at all. */
export function criteriaProblems(criteria: SubscriptionCriteria, taxonomy: TaxonomySnapshot): FieldProblem[] {
  const problems: FieldProblem[] = criteria.fieldCodes.flatMap((code, i) => (taxonomy.fields.has(code) ? [] : [{ field: `fieldCodes.${i}`, code: 'isIn', message: `unknown field ${code}` }]));
  if (criteria.regionPrefix !== null && !/^(\d{2}|\d{4}|\d{6})$/.test(criteria.regionPrefix)) {
    problems.push({ field: 'regionPrefix', code: 'matches', message: 'regionPrefix must be 2, 4 or 6 digits of a GB/T 2260 code' });
  }
  if (!criteria.fieldCodes.length && !criteria.keywords.length && criteria.regionPrefix === null) {
    problems.push({ field: 'fieldCodes', code: 'required', message: 'give at least one of fieldCodes, keywords or regionPrefix (a subscription to everything would notify of every item)' });
  }
  return problems;
}
