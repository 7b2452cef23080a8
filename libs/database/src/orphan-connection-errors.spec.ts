import net from 'node:net';
import { Pool } from 'pg';
import { guardOrphanConnectionErrors } from './orphan-connection-errors';

/** A PostgreSQL message: type byte, length (itself included), body. */
function message(type: string, body: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(body.length + 4);
  return Buffer.concat([Buffer.from(type), length, body]);
}

/**
 * A server that accepts the start-up, then ends the session as a PostgreSQL shutting down does
 * ("terminating connection due to administrator command"), in the same write as the handshake's
 * end: the client reads both at once, before whoever asked for it can attach a listener.
 */
async function serverThatTerminatesRightAfterTheHandshake(): Promise<{ port: number; close: () => Promise<void> }> {
  const authenticationOk = message('R', Buffer.from([0, 0, 0, 0]));
  const readyForQuery = message('Z', Buffer.from('I'));
  const fields = ['SFATAL', 'VFATAL', 'C57P01', 'Mterminating connection due to administrator command'];
  const terminated = message('E', Buffer.concat([...fields.map((f) => Buffer.from(`${f}\0`)), Buffer.from([0])]));
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('data', () => socket.end(Buffer.concat([authenticationOk, readyForQuery, terminated])));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    }),
  };
}

describe('guardOrphanConnectionErrors', () => {
  it('reports a connection the server ends before its holder listens, instead of crashing the process, and the holder finds it unusable', async () => {
    const reported: Array<Error & { code?: string }> = [];
    guardOrphanConnectionErrors((err) => reported.push(err));
    const server = await serverThatTerminatesRightAfterTheHandshake();
    const pool = new Pool({ host: '127.0.0.1', port: server.port, user: 'u', database: 'd', password: 'p' });
    pool.on('error', () => undefined);
    try {
      // Checked out: pg-pool has taken its own listener off, and we attach none (as TypeORM, a tick late).
      const client = await pool.connect();
      expect(reported.map((e) => [e.code, e.message])).toEqual([['57P01', 'terminating connection due to administrator command']]);
      await expect(client.query('SELECT 1')).rejects.toThrow();
      client.release(true);
    } finally {
      await pool.end();
      await server.close();
    }
  });

  it('leaves errors to the listeners a client has', async () => {
    const reported: Error[] = [];
    guardOrphanConnectionErrors((err) => reported.push(err));
    const server = await serverThatTerminatesRightAfterTheHandshake();
    const pool = new Pool({ host: '127.0.0.1', port: server.port, user: 'u', database: 'd', password: 'p' });
    const pooled: Error[] = [];
    pool.on('error', (err) => pooled.push(err));
    try {
      // pool.query keeps a listener on its client throughout.
      await expect(pool.query('SELECT 1')).rejects.toThrow(/administrator command|terminated/);
      expect(reported).toEqual([]);
    } finally {
      await pool.end();
      await server.close();
    }
  });
});
