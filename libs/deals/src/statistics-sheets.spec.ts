import { catalogStatisticsTable, conversionStatisticsTable, dealStatisticsTable, statisticsSheet } from './statistics-sheets';

const conversionFigures = { followedUp: 3, met: 2, negotiated: 1, dealt: 1, dismissed: 1, local: 2, meetingRate: 0.6667, dealRate: 0.3333, medianDaysToDeal: 12.5, contracts: 1, contractWan: 200 };

describe('statistics tables', () => {
  it('a row per group under the grouping’s Chinese title, then the period’s total', () => {
    const table = dealStatisticsTable({
      from: '2026-01-01', to: '2026-06-30', regionPrefix: null, regionName: null, groupBy: 'region',
      totals: { deals: 3, turnoverWan: 400, registeredWan: 100, localWan: 300, localShare: 0.75, intents: 1, cancelled: 0 },
      funnel: { contacted: 0, met: 0, dealt: 0 },
      groups: [
        { key: '210200', label: '辽宁省大连市', deals: 2, turnoverWan: 300, registeredWan: 100, localWan: 300 },
        { key: '210100', label: '辽宁省沈阳市', deals: 1, turnoverWan: 100, registeredWan: 0, localWan: 0 },
      ],
    });
    expect(table.headers).toEqual(['地区', '合同数', '成交额(万元)', '已登记(万元)', '本地转化(万元)']);
    expect(table.rows).toEqual([
      ['辽宁省大连市', 2, 300, 100, 300],
      ['辽宁省沈阳市', 1, 100, 0, 0],
      ['合计（2026-01-01 至 2026-06-30）', 3, 400, 100, 300],
    ]);
  });

  it('rates as percentages, and blanks where there is nothing to divide or no deal to time', () => {
    const empty = { ...conversionFigures, followedUp: 0, met: 0, negotiated: 0, dealt: 0, dismissed: 0, local: 0, meetingRate: null, dealRate: null, medianDaysToDeal: null, contracts: 0, contractWan: 0 };
    const table = conversionStatisticsTable({ from: '2026-01-01', to: '2026-12-31', regionPrefix: null, regionName: null, groupBy: 'event', totals: conversionFigures, groups: [{ key: null, label: '未经对接会', ...empty }] });
    expect(table.headers[0]).toBe('对接会');
    expect(table.rows[0]).toEqual(['未经对接会', 0, 0, 0, 0, 0, 0, '', '', '', 0, 0]);
    expect(table.rows[1]).toEqual(['合计（2026-01-01 至 2026-12-31）', 3, 2, 1, 1, 1, 2, 66.67, 33.33, 12.5, 1, 200]);
  });

  it('supply and demand: what is open is dated, and a field without open demands has no 供需比', () => {
    const figures = { demandsPublished: 2, achievementsPublished: 1, openDemands: 0, openAchievements: 3, supplyPerDemand: null, openChallenges: 0, openBudgetWan: 0, demandsWithoutFollowUp: 0 };
    const table = catalogStatisticsTable({ from: '2026-01-01', to: '2026-12-31', regionPrefix: '2101', regionName: '辽宁省沈阳市', asOf: '2026-12-07', groupBy: 'field', totals: { ...figures, openDemands: 2, supplyPerDemand: 1.5 }, groups: [{ key: 'materials', label: '新材料', ...figures }] });
    expect(table.headers.slice(0, 4)).toEqual(['技术领域', '新发布需求', '新发布成果', '在征需求（2026-12-07）']);
    expect(table.rows).toEqual([
      ['新材料', 2, 1, 0, 3, '', 0, 0, 0],
      // Narrowed to a city, the total says which.
      ['合计（辽宁省沈阳市，2026-01-01 至 2026-12-31）', 2, 1, 2, 3, 1.5, 0, 0, 0],
    ]);
  });

  it('writes CSV with a BOM for Excel, every row in order', async () => {
    const table = conversionStatisticsTable({ from: '2026-01-01', to: '2026-12-31', regionPrefix: null, regionName: null, groupBy: 'month', totals: conversionFigures, groups: [{ key: '2026-03', label: '2026-03', ...conversionFigures }] });
    const content = await statisticsSheet('csv', table);
    expect([...content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = content.subarray(3).toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^月份,已对接,已约见,/);
    expect(lines[1]).toBe('2026-03,3,2,1,1,1,2,66.67,33.33,12.5,1,200');
  });
});
