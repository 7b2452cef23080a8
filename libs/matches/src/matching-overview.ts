import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CatalogKind } from '@techbridge/domain';
import { scoringVersion } from '@techbridge/matching';
import { DataSource } from 'typeorm';
import { MATCHABLE_SQL, TABLE_OF } from './matchable-items';
import { MatchingRebuilds, type RebuildProgress } from './matching-rebuilds';

/** The reconciliation gave up on the current version (the item's matching state is failed). */
const GIVEN_UP = `(matching_failure IS NOT NULL AND matching_retry_version IS NOT DISTINCT FROM version)`;

/** How far one kind's stored matches are from what this build would compute. */
export interface KindMatchingCounts {
  /** Published, unarchived items. */
  matchable: number;
  /** Matched on their current version by this scoring version. */
  current: number;
  /** Matched on their current version, but with other weights or knowledge: a rebuild refreshes them. */
  outdated: number;
  /** Not yet matched on their current version: their jobs are queued or running. */
  pending: number;
  /** Not matched on their current version, given up on after repeated failures (an edit or a rebuild tries again). */
  failed: number;
}

export interface MatchingOverview {
  /** What this build scores with (weights version + knowledge digest). */
  scoringVersion: string;
  demands: KindMatchingCounts;
  achievements: KindMatchingCounts;
  /** The latest rebuild, to follow or to see when the last one ran. */
  latestRebuild: RebuildProgress | null;
}

/** Tells an administrator whether stored matches are current, e.g. after a release changed the thesaurus. */
@Injectable()
export class MatchingOverviews {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly rebuilds: MatchingRebuilds,
  ) {}

  async overview(): Promise<MatchingOverview> {
    const version = scoringVersion();
    const counts = async (kind: CatalogKind): Promise<KindMatchingCounts> => {
      const [row] = (await this.dataSource.query(
        `SELECT count(*)::int AS matchable,
                count(*) FILTER (WHERE matched_version = version AND matched_weights = $1)::int AS current,
                count(*) FILTER (WHERE matched_version = version AND matched_weights IS DISTINCT FROM $1)::int AS outdated,
                count(*) FILTER (WHERE matched_version IS DISTINCT FROM version AND NOT ${GIVEN_UP})::int AS pending,
                count(*) FILTER (WHERE matched_version IS DISTINCT FROM version AND ${GIVEN_UP})::int AS failed
         FROM ${TABLE_OF[kind]} WHERE ${MATCHABLE_SQL}`,
        [version],
      )) as KindMatchingCounts[];
      return row!;
    };
    const [latest] = (await this.dataSource.query(`SELECT id FROM matching_rebuilds ORDER BY created_at DESC LIMIT 1`)) as Array<{ id: string }>;
    return {
      scoringVersion: version,
      demands: await counts('demand'),
      achievements: await counts('achievement'),
      latestRebuild: latest ? await this.rebuilds.progress(latest.id) : null,
    };
  }
}
