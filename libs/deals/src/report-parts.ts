import { Injectable } from '@nestjs/common';
import { isCalendarDay, TaxonomyService } from '@techbridge/catalog';
import { CooperationModes, DealSources, MatchmakingEvent, Organization, Regions, ValidationError } from '@techbridge/domain';
import { type EntityManager, In } from 'typeorm';

// What the statistics reports share: group labels, the period check, rounding.

/** What a statistics group's key names. */
export type GroupKeyKind = 'field' | 'region' | 'event' | 'organization' | 'broker' | 'kind' | 'source' | 'month';

/** The group of parties not named because the figures counted there are about their confidential items. */
export const CONFIDENTIAL_PARTY = '保密单位';

/** The Chinese label people read for each group key of a report (keys it cannot name stay as they are). */
@Injectable()
export class GroupLabels {
  constructor(private readonly taxonomy: TaxonomyService) {}

  /** Read through the report's own manager, in its snapshot. */
  async of(manager: EntityManager, kind: GroupKeyKind, keys: string[]): Promise<Map<string, string>> {
    switch (kind) {
      case 'field': {
        const { fields } = await this.taxonomy.snapshot(manager);
        return new Map(keys.map((k) => [k, fields.get(k)?.label ?? k]));
      }
      case 'region':
        return new Map(keys.map((k) => [k, Regions.get(k)?.fullName ?? k]));
      case 'kind':
        return new Map(keys.map((k) => [k, CooperationModes.is(k) ? CooperationModes.label(k) : k]));
      case 'source':
        return new Map(keys.map((k) => [k, DealSources.is(k) ? DealSources.label(k) : k]));
      case 'event':
        return new Map((await manager.getRepository(MatchmakingEvent).findBy({ id: In(keys) })).map((e) => [e.id, e.title]));
      case 'organization':
        return new Map((await manager.getRepository(Organization).findBy({ id: In(keys) })).map((o) => [o.id, o.name]));
      case 'broker': {
        // A broker by name and the agency they work at, as a 技术经纪人 is known.
        const rows: Array<{ id: string; label: string }> = keys.length
          ? await manager.query(
              `SELECT u.id, u.display_name || coalesce('（' || o.name || '）', '') AS label FROM users u LEFT JOIN organizations o ON o.id = u.organization_id WHERE u.id = ANY($1::uuid[])`,
              [keys],
            )
          : [];
        return new Map(rows.map((r) => [r.id, r.label]));
      }
      case 'month':
        return new Map(keys.map((k) => [k, k]));
    }
  }

  /** A report's groups as people read them: the label of each key (`unkeyed` for rows without one) and the group's figures. */
  async groups<R extends { key: string | null }, F>(manager: EntityManager, kind: GroupKeyKind, rows: R[], figures: (row: R) => F, unkeyed = '未关联'): Promise<Array<F & { key: R['key']; label: string }>> {
    const labels = await this.of(manager, kind, rows.map((r) => r.key).filter((k): k is string => k !== null));
    return rows.map((r) => ({ key: r.key, label: r.key === null ? unkeyed : (labels.get(r.key) ?? r.key), ...figures(r) }));
  }
}

/** A reporting period of China calendar days: both ends real days, in order; otherwise a 400 naming the end at fault. */
export function checkPeriod(period: { from: string; to: string }): void {
  for (const field of ['from', 'to'] as const) {
    if (!isCalendarDay(period[field])) throw ValidationError.of(field, 'isDate', `${field} must be a calendar day YYYY-MM-DD`);
  }
  if (period.from > period.to) throw ValidationError.of('to', 'beforeFrom', 'to must not be before from');
}

/** A report's period, optionally narrowed to a region (a 科技局 reading its own city). */
export interface ReportScope {
  from: string;
  to: string;
  /** 2, 4 or 6 digits of a GB/T 2260 code: a province, a city or a district. */
  regionPrefix?: string;
}

/** What a report says of its scope: the period, and the region it was narrowed to (code prefix and full name). */
export interface ScopeEcho {
  from: string;
  to: string;
  regionPrefix: string | null;
  regionName: string | null;
}

/** Checks the period and the region (400 naming `regionPrefix` for no such region) and echoes them. */
export function checkScope(scope: ReportScope): ScopeEcho {
  checkPeriod(scope);
  const prefix = scope.regionPrefix ?? null;
  if (prefix === null) return { from: scope.from, to: scope.to, regionPrefix: null, regionName: null };
  const region = /^(\d{2}|\d{4}|\d{6})$/.test(prefix) ? Regions.get(prefix.padEnd(6, '0')) : undefined;
  if (!region) throw ValidationError.of('regionPrefix', 'unknown', `no province, city or district has the code ${prefix.padEnd(6, '0')}`);
  return { from: scope.from, to: scope.to, regionPrefix: prefix, regionName: region.fullName };
}

/**
 * SQL: `AND column` lies in the scope's region, its prefix the text parameter `param`; nothing for a
 * report of everywhere (written out rather than `param IS NULL OR …`, which doubled the funnel's time).
 */
export const inRegion = (column: string, param: string, scope: ScopeEcho): string => (scope.regionPrefix === null ? '' : `AND ${column} LIKE ${param} || '%'`);

/** The query parameters, with the region prefix last when the report is narrowed to one. */
export const withRegion = (params: unknown[], scope: ScopeEcho): unknown[] => (scope.regionPrefix === null ? params : [...params, scope.regionPrefix]);

/** SQL: the group key of `column` one level below the scope (cities of the province, districts of a city). */
export const regionGroup = (column: string, scope: ScopeEcho): string => `rpad(left(${column}, ${Math.min(6, (scope.regionPrefix?.length ?? 2) + 2)}), 6, '0')`;

/** Sums of 万元 and shares are reported to two (shares: four) decimals. */
export const round = (value: number, digits = 2): number => Math.round(value * 10 ** digits) / 10 ** digits;
