import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ManagedProcess, startNodeProcess, waitForReady } from './processes';

/** The launcher says "running" only once the worker says it has started (announceReady). */
describe('waitForReady', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'techbridge-ready-'));
  const started: ManagedProcess[] = [];
  const child = (name: string, code: string): ManagedProcess => {
    const entry = path.join(dir, `${name}.js`);
    fs.writeFileSync(entry, `${code}\nsetInterval(() => undefined, 1000);\n`);
    const managed = startNodeProcess(name, entry, { PATH: process.env.PATH });
    started.push(managed);
    return managed;
  };
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop(2_000)));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resolves when the process announces it is ready', async () => {
    await expect(waitForReady(child('announces', `process.send({ techbridge: 'ready' });`), 30_000)).resolves.toBeUndefined();
  });

  it('fails naming the process when it never does (other messages do not count)', async () => {
    const quiet = child('worker', `process.send({ techbridge: 'starting' }); process.send('ready');`);
    await expect(waitForReady(quiet, 1_500)).rejects.toThrow('the worker did not finish starting within 1500 ms');
  });
});
