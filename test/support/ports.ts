// Ports for the servers a test starts itself (a launched API, a proxy, a mail server that must
// come back on the same port). A port the system hands out to listen(0) and then closed can be
// handed out again, to another test file running in parallel, before the test binds it: two
// servers then meet on one port, and a request of one test is answered by the other's. So each
// Jest worker takes its ports from a range of its own, below the system's ephemeral ports.
import { createServer } from 'node:net';

const FIRST = 20_000;
const PER_WORKER = 1_000;
/** The system hands out ephemeral ports from 32768 (Linux): the ranges stay below. */
const WORKERS = 12;
let handedOut = 0;

/** A port nothing listens on (on any address), not handed out before by this worker, nor by another. */
export async function freePort(): Promise<number> {
  const worker = (Number(process.env.JEST_WORKER_ID ?? 1) - 1) % WORKERS;
  for (let tries = 0; tries < PER_WORKER; tries++) {
    const port = FIRST + worker * PER_WORKER + (handedOut++ % PER_WORKER);
    if (await free(port)) return port;
  }
  throw new Error(`no free port in this Jest worker's range (${FIRST + worker * PER_WORKER}…)`);
}

/** Listening on every address (IPv4 and IPv6) is refused if anything listens on the port. */
function free(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .listen(port, () => probe.close(() => resolve(true)));
  });
}
