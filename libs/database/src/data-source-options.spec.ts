import { buildDataSourceOptions } from './data-source-options';

describe('the DataSource options', () => {
  it('with read replicas, reads the primary unless a query asks for a replica', () => {
    const options = buildDataSourceOptions({ databaseUrl: 'postgresql://primary/db', databaseReadUrls: ['postgresql://replica-1/db', 'postgresql://replica-2/db'] }) as unknown as {
      replication: { master: { url: string }; slaves: Array<{ url: string }>; defaultMode: string };
    };
    expect(options.replication).toEqual({ master: { url: 'postgresql://primary/db' }, slaves: [{ url: 'postgresql://replica-1/db' }, { url: 'postgresql://replica-2/db' }], defaultMode: 'master' });
  });

  it('without them, one URL', () => {
    expect(buildDataSourceOptions({ databaseUrl: 'postgresql://primary/db' })).toMatchObject({ url: 'postgresql://primary/db' });
  });
});
