import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppEnv } from './config/env';
import { pinoHttpOptions } from './logging/logger-options';
import { Metrics, MetricsEndpoint } from './metrics';

/** What every process needs first: the validated configuration, structured logging and metrics. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(env: AppEnv, service: 'api' | 'worker'): DynamicModule {
    return {
      module: PlatformModule,
      imports: [LoggerModule.forRoot({ pinoHttp: pinoHttpOptions(service, env.logLevel) })],
      providers: [{ provide: AppEnv, useValue: env }, { provide: Metrics, useValue: new Metrics(service, env.metricsPort !== undefined) }, MetricsEndpoint],
      exports: [AppEnv, Metrics, MetricsEndpoint],
    };
  }
}
