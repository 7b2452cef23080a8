import {
  creditCodeProblem,
  EnterpriseTiers,
  type EnterpriseTier,
  type FieldProblem,
  INITIAL_FIELDS,
  ORGANIZATION_SIZES,
  type OrganizationSize,
  type OrganizationType,
  Regions,
  ValidationError,
} from '@techbridge/domain';

export interface NewOrganization {
  type: OrganizationType;
  name: string;
  creditCode: string;
  regionCode: string;
  fields?: string[];
  size?: OrganizationSize | null;
  tiers?: EnterpriseTier[];
  description?: string | null;
}

const CREDIT_CODE_REASONS = {
  length: 'must be 18 characters',
  characters: 'may only contain digits and the letters of GB 32100 (no I, O, S, V, Z)',
  check_character: 'has a wrong check character (GB 32100)',
} as const;

/** Rules that need data (the GB 32100 check, the GB/T 2260 code list); the DTO checks shapes. */
export function organizationProblems(org: Partial<NewOrganization>, prefix = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const field = (name: string) => (prefix ? `${prefix}.${name}` : name);
  if (org.creditCode !== undefined) {
    const problem = creditCodeProblem(org.creditCode);
    if (problem) problems.push({ field: field('creditCode'), code: `creditCode.${problem}`, message: `creditCode ${CREDIT_CODE_REASONS[problem]}` });
  }
  if (org.regionCode !== undefined && !Regions.isValid(org.regionCode)) {
    problems.push({ field: field('regionCode'), code: 'regionCode.unknown', message: 'regionCode is not a GB/T 2260 administrative division code' });
  }
  const knownFields = new Set(INITIAL_FIELDS.map((f) => f.code));
  for (const code of org.fields ?? []) {
    if (!knownFields.has(code)) problems.push({ field: field('fields'), code: 'fields.unknown', message: `fields contains an unknown field code "${code}"` });
  }
  if (org.size != null && !ORGANIZATION_SIZES.includes(org.size)) {
    problems.push({ field: field('size'), code: 'size.unknown', message: `size must be one of ${ORGANIZATION_SIZES.join(', ')}` });
  }
  for (const tier of org.tiers ?? []) {
    if (!EnterpriseTiers.is(tier)) problems.push({ field: field('tiers'), code: 'tiers.unknown', message: `tiers contains an unknown tier "${tier}"` });
  }
  if (org.tiers?.length && org.type !== undefined && org.type !== 'enterprise') {
    problems.push({ field: field('tiers'), code: 'tiers.notEnterprise', message: 'only enterprises have enterprise tiers' });
  }
  return problems;
}

export function validateNewOrganization(org: NewOrganization, prefix = 'organization'): void {
  const problems = organizationProblems(org, prefix);
  ValidationError.throwIfAny(problems);
}
