import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AppEnv } from '@techbridge/platform';
import { Client } from 'pg';
import { OutboxRelay } from './outbox-relay';

/** A notification is the fast path; this poll catches anything a lost connection missed. */
const POLL_MS = 5_000;
const RECONNECT_MS = 5_000;

/**
 * Relays the outbox as soon as a transaction that wrote to it commits: the database notifies
 * channel `outbox` (the catalogue's triggers do), and this worker-side listener relays. Passes
 * never overlap; a notification during a pass triggers one more.
 */
@Injectable()
export class OutboxListener implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private client: Client | undefined;
  private poll: NodeJS.Timeout | undefined;
  private reconnect: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(
    private readonly env: AppEnv,
    private readonly relay: OutboxRelay,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.listen();
    this.poll = setInterval(() => this.kick(), POLL_MS);
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poll);
    clearTimeout(this.reconnect);
    await this.running;
    await this.client?.end().catch(() => undefined);
  }

  /** Resolves when no relay pass is running (tests and shutdown wait on it). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.relay
      .relay()
      .then(() => undefined)
      .catch((err: unknown) => this.logger.warn(`outbox relay failed, will retry: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.env.databaseUrl, application_name: 'techbridge-outbox' });
    client.on('notification', () => this.kick());
    client.on('error', (err) => {
      this.logger.warn(`outbox listener lost its connection (${err.message}); polling until it is back`);
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    });
    try {
      await client.connect();
      await client.query('LISTEN outbox');
      this.client = client;
    } catch (err) {
      this.logger.warn(`outbox listener could not connect (${err instanceof Error ? err.message : String(err)}); polling`);
      void client.end().catch(() => undefined);
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    clearTimeout(this.reconnect);
    this.reconnect = setTimeout(() => void this.listen(), RECONNECT_MS);
  }
}
