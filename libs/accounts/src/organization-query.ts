import { containing } from '@techbridge/database';
import type { EnterpriseTier, Organization, OrganizationType } from '@techbridge/domain';
import type { SelectQueryBuilder } from 'typeorm';

/** How organisations are looked up, by admins (审核) and in the directory (机构库). */
export interface OrganizationFilters {
  type?: OrganizationType;
  /** Part of the name, or the whole 统一社会信用代码. */
  q?: string;
  /** 2, 4 or 6 digits of a GB/T 2260 code: a province, a city or a district. */
  regionPrefix?: string;
  /** A 技术领域 the organisation works in. */
  fieldCode?: string;
  tier?: EnterpriseTier;
}

/** Narrows a query on organisations (alias `o`) to those matching every filter given. */
export function filterOrganizations(qb: SelectQueryBuilder<Organization>, filters: OrganizationFilters): SelectQueryBuilder<Organization> {
  if (filters.type) qb.andWhere('o.type = :type', { type: filters.type });
  if (filters.regionPrefix) qb.andWhere('o.region_code LIKE :region', { region: `${filters.regionPrefix}%` });
  if (filters.fieldCode) qb.andWhere(':fieldCode = ANY(o.fields)', { fieldCode: filters.fieldCode });
  if (filters.tier) qb.andWhere(':tier = ANY(o.tiers)', { tier: filters.tier });
  if (filters.q) qb.andWhere('(o.name ILIKE :name OR o.credit_code = :code)', { name: containing(filters.q), code: filters.q.toUpperCase().replace(/\s/g, '') });
  return qb;
}
