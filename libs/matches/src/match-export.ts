import { type ExportFormat, writeSpreadsheet } from '@techbridge/catalog';
import { type CatalogKind, MatchStates } from '@techbridge/domain';
import type { MatchSeen } from './match-seen';

/** A follow-up list is a working list, not a data dump: the best (or latest) this many. */
export const MATCH_EXPORT_ROWS = 5_000;

const SIDE_LABELS: Readonly<Record<CatalogKind, string>> = { demand: '需求方', achievement: '成果方' };
const HEADERS = ['匹配编号', '我方', '我方条目', '对方条目', '得分', '状态', '状态更新时间', '匹配说明'];

/**
 * An organisation's matches as a spreadsheet, redacted exactly as the list shows them: a
 * counterpart the caller may not read appears under its neutral title, and the explanation is the
 * one rendered for the caller.
 */
export function matchSheet(format: ExportFormat, records: readonly MatchSeen[]): Promise<Buffer> {
  const rows = records.map((seen) => {
    const { item, access } = seen.counterpart.record;
    return [
      seen.match.id,
      SIDE_LABELS[seen.side],
      seen.item.title,
      access === 'full' ? item.title : item.neutralTitle,
      Math.round(seen.score * 10) / 10,
      MatchStates.label(seen.match.state),
      seen.match.stateChangedAt?.toISOString() ?? '',
      seen.rendered.text,
    ];
  });
  return writeSpreadsheet(format, 'matches', HEADERS, rows);
}
