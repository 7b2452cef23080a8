import { Controller, Get, type OnApplicationBootstrap, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { QueueHealth, QueueStorePolicy } from '@techbridge/queue';
import { Public } from '../http/auth.guard';

const CHECK_TIMEOUT_MS = 2_000;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController implements OnApplicationBootstrap {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly queues: QueueHealth,
    private readonly queueStore: QueueStorePolicy,
  ) {}

  /** Says at start, in the log, whether Redis may evict jobs; not awaited, so an unreachable Redis delays nothing. */
  onApplicationBootstrap(): void {
    void this.queueStore.check().catch(() => undefined);
  }

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up and serving HTTP' })
  alive(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: the database and the queue backend answer, and Redis keeps every job (noeviction); 503 otherwise' })
  async ready(): Promise<Readiness> {
    try {
      return statusOnly(
        await this.health.check([
          () => this.db.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
          () =>
            this.indicators
              .check('queue')
              .attempt(async () => {
                const waiting = await this.queues.waitingCounts();
                // A Redis that may evict keys answers, yet loses jobs: not ready (the reason is in the log).
                const store = await this.queueStore.check();
                if (store.verdict === 'evicting') throw new Error(store.message);
                return { waiting };
              })
              .withTimeout(CHECK_TIMEOUT_MS),
        ]),
      );
    } catch (err) {
      if (err instanceof ServiceUnavailableException) throw new ServiceUnavailableException(statusOnly(err.getResponse() as HealthCheckResult));
      throw err;
    }
  }
}

type Readiness = { status: HealthCheckResult['status']; details: Record<string, { status: string }> };

/**
 * Up or down per dependency, nothing more: the check is public, and its raw errors name hosts and
 * users (connect ECONNREFUSED 10.0.3.7:6379) and its queue counts the queues. Operators read those in
 * the log and the metrics.
 */
const statusOnly = (result: HealthCheckResult): Readiness => ({
  status: result.status,
  details: Object.fromEntries(Object.entries(result.details ?? {}).map(([name, { status }]) => [name, { status }])),
});
