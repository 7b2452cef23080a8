import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { EmbeddedPostgres, withClient } from '@techbridge/database';
import { freePort } from './support/ports';

describe('the embedded PostgreSQL (npm start without DATABASE_URL)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'techbridge-embedded-'));
  afterAll(() => {
    fs.rmSync(new EmbeddedPostgres({ dataDir }).dataDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes another port when the one found free is taken before the server listens on it', async () => {
    // Another program takes the first port between the probe and the server's start.
    const other = createServer();
    const taken = await freePort();
    await new Promise<void>((resolve) => other.listen(taken, '127.0.0.1', resolve));
    const spare = await freePort();
    const offered = [taken, spare];
    const server = new EmbeddedPostgres({ dataDir, freePort: async () => offered.shift()! });
    try {
      await server.start();
      expect(server.port).toBe(spare);
      expect(await withClient(server.url('postgres'), async (client) => (await client.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one)).toBe(1);
    } finally {
      await server.stop();
      await new Promise((resolve) => other.close(resolve));
    }
  }, 120_000);
});
