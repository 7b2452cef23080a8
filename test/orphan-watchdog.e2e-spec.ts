import { spawn } from 'node:child_process';
import path from 'node:path';
import { eventually } from './support/harness';
import { allStopped, alive, killLeftovers, seen } from './support/processes';

const root = path.resolve(__dirname, '..');
const supervision = path.join(root, 'dist/libs/platform/src/process/supervision.js');

/**
 * A child as `npm start` runs the API and the worker (own process group, IPC channel to its
 * launcher) whose main thread never yields again: after 2 s of work it says so, then spins.
 */
const spinningChild = `
require(${JSON.stringify(supervision)}).killWhenOrphaned(1000);
const started = Date.now();
while (Date.now() - started < 2000);
process.stdout.write('still here ' + process.pid + '\\n');
for (;;);
`;

/** Stands in for the launcher: starts the child and passes its output on. */
const launcher = `
require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(spinningChild)}], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], detached: true });
`;

describe('a process started by npm start whose launcher is killed outright', () => {
  afterEach(killLeftovers);

  it('is killed by its watchdog thread even though its main thread never yields, and not while the launcher lives', async () => {
    const parent = spawn(process.execPath, ['-e', launcher], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    parent.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    // It lived through 2 s of a blocked main thread while its launcher was there.
    const child = await eventually(async () => {
      const m = /still here (\d+)/.exec(output);
      return m ? seen(Number(m[1])) : undefined;
    }, 30_000);
    expect(alive(child)).toBe(true);

    parent.kill('SIGKILL');
    // Its shutdown time-out (1 s) + 5 s later, it is gone.
    await allStopped([child]);
  }, 60_000);
});
