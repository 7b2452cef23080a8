import type { ChildProcess } from 'node:child_process';
import net from 'node:net';
import { getQueueToken } from '@nestjs/bullmq';
import { Queues } from '@techbridge/queue';
import type { Queue } from 'bullmq';
import request from 'supertest';
import { loginAdmin } from './support/accounts';
import { eventually, startTestApp, type TestApp } from './support/harness';
import { spawnEntry } from './support/processes';
import { freePort } from './support/ports';

describe('SHUTDOWN_TIMEOUT_MS on SIGTERM', () => {
  let app: TestApp;
  let child: ChildProcess | undefined;
  beforeAll(async () => {
    app = await startTestApp({ worker: false });
  });
  afterEach(() => {
    child?.kill('SIGKILL');
    child = undefined;
  });
  afterAll(() => app.close());

  it('a worker whose running job outlasts the timeout exits non-zero instead of waiting for it', async () => {
    const admin = await loginAdmin(app);
    const worker = await spawnEntry('dist/apps/worker/src/main.js', { SHUTDOWN_TIMEOUT_MS: '1000' });
    child = worker.child;
    const ping = await request(app.http).post('/api/v1/system/pings').set(admin.auth).send({ holdMs: 10_000 }).expect(202);
    const queue = app.api.get<Queue>(getQueueToken(Queues.system), { strict: false });
    await eventually(async () => ((await (await queue.getJob(`system.ping.${ping.body.id}`))?.getState()) === 'active' ? true : undefined), 60_000);
    child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 1, signal: null });
  }, 90_000);

  it('an API with a request that never completes exits non-zero', async () => {
    const port = await freePort();
    const api = await spawnEntry('dist/apps/api/src/main.js', { PORT: String(port), HOST: '127.0.0.1', SHUTDOWN_TIMEOUT_MS: '1000' });
    child = api.child;
    await eventually(async () => ((await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : undefined), 60_000);
    // A client that sent half its body and went quiet keeps its connection, and the server's close, open.
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"email":`);
    try {
      child.kill('SIGTERM');
      expect(await api.exited).toEqual({ code: 1, signal: null });
    } finally {
      socket.destroy();
    }
  }, 90_000);
});
