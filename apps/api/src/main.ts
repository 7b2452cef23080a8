import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { logOrphanConnectionErrors } from '@techbridge/database';
import { exitAfterShutdownTimeout, exitWithSupervisor, killWhenOrphaned, loadEnvOrExit, runClustered, serveClusterMetrics } from '@techbridge/platform';
import { ApiModule } from './api.module';
import { configureApp } from './http/configure-app';

const env = loadEnvOrExit();
killWhenOrphaned(env.shutdownTimeoutMs);
logOrphanConnectionErrors();

async function bootstrap(): Promise<void> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(env), {
    bufferLogs: true,
    bodyParser: false,
  });
  await configureApp(app);
  await app.listen(env.port, env.host);
  exitWithSupervisor(app, env.shutdownTimeoutMs);
  exitAfterShutdownTimeout(env.shutdownTimeoutMs);
  const base = `http://${env.host === '0.0.0.0' ? 'localhost' : env.host}:${env.port}`;
  new Logger('Bootstrap').log(`API ready at ${base}/api/v1, docs at ${base}/docs`);
}

runClustered(
  env.apiProcesses,
  () =>
    bootstrap().catch((err: unknown) => {
      process.stderr.write(`API failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    }),
  (line) => process.stderr.write(`${line}\n`),
  env.shutdownTimeoutMs,
  () => serveClusterMetrics(env),
);
