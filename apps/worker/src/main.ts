import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { logOrphanConnectionErrors } from '@techbridge/database';
import { announceReady, exitAfterShutdownTimeout, exitWithSupervisor, killWhenOrphaned, loadEnvOrExit } from '@techbridge/platform';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

/** The worker has no HTTP server: BullMQ processors only. */
async function bootstrap(): Promise<void> {
  const env = loadEnvOrExit();
  killWhenOrphaned(env.shutdownTimeoutMs);
  logOrphanConnectionErrors();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(env), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  exitWithSupervisor(app, env.shutdownTimeoutMs);
  exitAfterShutdownTimeout(env.shutdownTimeoutMs);
  announceReady();
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`worker failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
