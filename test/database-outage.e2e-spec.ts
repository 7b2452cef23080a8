import net from 'node:net';
import request from 'supertest';
import { loginAdmin, type Session } from './support/accounts';
import { startTestApp, type TestApp, testEnvVars } from './support/harness';
import { freePort } from './support/ports';

/** A TCP hop in front of PostgreSQL that can be pulled out (the server down, a failover) and put back. */
class UnpluggableDatabase {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(readonly port: number, private readonly target: { host: string; port: number }) {}

  async plug(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.on('close', () => this.sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  /** Open connections are cut and new ones refused. */
  async unplug(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

describe('the API while the database is unreachable', () => {
  let app: TestApp;
  let admin: Session;
  let database: UnpluggableDatabase;

  beforeAll(async () => {
    const real = new URL((await testEnvVars()).DATABASE_URL);
    database = new UnpluggableDatabase(await freePort(), { host: real.hostname, port: Number(real.port || 5432) });
    await database.plug();
    const proxied = new URL(real);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(database.port);
    app = await startTestApp({ worker: false, env: { DATABASE_URL: proxied.toString() } });
    admin = await loginAdmin(app);
  });
  afterAll(async () => {
    await app.close();
    await database.unplug().catch(() => undefined);
  });

  it('answers 503 database_unavailable with Retry-After (not a 500), writes nothing, and serves again once it is back', async () => {
    await request(app.http).get('/api/v1/demands').set(admin.auth).expect(200);
    await database.unplug();

    const read = await request(app.http).get('/api/v1/demands').set(admin.auth);
    expect(read.status).toBe(503);
    expect(read.body).toEqual({ status: 503, code: 'database_unavailable', message: 'the database is unavailable; try again shortly', requestId: expect.any(String) });
    expect(read.headers['retry-after']).toBe('5');
    const write = await request(app.http).post('/api/v1/system/pings').set(admin.auth).send({ note: 'during the outage' });
    expect(write.status).toBe(503);
    expect(write.body.code).toBe('database_unavailable');

    await database.plug();
    await request(app.http).get('/api/v1/demands').set(admin.auth).expect(200);
    expect(await app.sql(`SELECT id FROM system_pings WHERE note = 'during the outage'`)).toEqual([]);
  });
});
