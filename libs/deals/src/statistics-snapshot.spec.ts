import type { TaxonomyService } from '@techbridge/catalog';
import type { DataSource } from 'typeorm';
import { CatalogStatistics } from './catalog-statistics';
import { ChallengeStatistics } from './challenge-statistics';
import { ConversionStatistics } from './conversion-statistics';
import { DealStatistics } from './deal-statistics';
import { GroupLabels } from './report-parts';

/** A data source that records what each report reads, and refuses any read outside a transaction. */
function recordingDataSource() {
  const transactions: Array<{ isolation: string; statements: string[] }> = [];
  const outside = () => {
    throw new Error('read outside the report’s snapshot');
  };
  const dataSource = {
    query: outside,
    getRepository: outside,
    manager: { query: outside, getRepository: outside },
    async transaction(isolation: string, work: (manager: unknown) => Promise<unknown>) {
      const statements: string[] = [];
      transactions.push({ isolation, statements });
      const manager = {
        // One row fits every report's queries: the figures are not what this checks.
        query: async (sql: string) => (statements.push(sql.trim()), [{ key: null, total: true }]),
        getRepository: () => ({ findBy: async () => (statements.push('labels'), []) }),
      };
      return work(manager);
    },
  };
  return { dataSource: dataSource as unknown as DataSource, transactions };
}

const taxonomy = { snapshot: async () => ({ fields: new Map() }) } as unknown as TaxonomyService;
const scope = { from: '2026-01-01', to: '2026-12-31' };

describe('a statistics report reads one snapshot', () => {
  const reports: Array<[string, (ds: DataSource) => Promise<unknown>]> = [
    ['deals', (ds) => new DealStatistics(ds, new GroupLabels(taxonomy)).report(scope, 'buyer')],
    ['challenges', (ds) => new ChallengeStatistics(ds, new GroupLabels(taxonomy)).report(scope, 'owner')],
    ['conversion', (ds) => new ConversionStatistics(ds, new GroupLabels(taxonomy)).report(scope, 'seller')],
    ['catalog', (ds) => new CatalogStatistics(ds, new GroupLabels(taxonomy)).report(scope, 'region')],
  ];

  it.each(reports)('%s: every query, the group labels too, in one REPEATABLE READ READ ONLY transaction', async (_name, report) => {
    const { dataSource, transactions } = recordingDataSource();
    await report(dataSource);
    expect(transactions).toHaveLength(1);
    const [{ isolation, statements }] = transactions as [(typeof transactions)[number]];
    expect(isolation).toBe('REPEATABLE READ');
    expect(statements[0]).toBe('SET TRANSACTION READ ONLY');
    expect(statements.filter((s) => /\bSELECT\b/.test(s)).length).toBeGreaterThanOrEqual(1);
  });
});
