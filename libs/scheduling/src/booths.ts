/**
 * The table a meeting between two participants must use, if any: the requester's booth, else the
 * counterpart's. Two participants with booths meet at the requester's, so a pair of exhibitors can
 * still meet. One rule for the scheduler and for placements by hand, so both put a pair at the same table.
 */
export function boothTable(requesterBooth: number | null | undefined, counterpartBooth: number | null | undefined): number | null {
  return requesterBooth ?? counterpartBooth ?? null;
}
