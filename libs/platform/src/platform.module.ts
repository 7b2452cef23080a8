import { DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppEnv } from './config/env';
import { pinoHttpOptions } from './logging/logger-options';

/** What every process needs first: the validated configuration and structured logging. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(env: AppEnv, service: 'api' | 'worker'): DynamicModule {
    return {
      module: PlatformModule,
      imports: [LoggerModule.forRoot({ pinoHttp: pinoHttpOptions(service, env.logLevel) })],
      providers: [{ provide: AppEnv, useValue: env }],
      exports: [AppEnv],
    };
  }
}
