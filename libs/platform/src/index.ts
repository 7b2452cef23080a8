export * from './config/env';
export * from './logging/logger-options';
export * from './platform.module';
export * from './process/supervision';
export * from './process/cluster';
export * from './logging/throttled-warning';
export * from './metrics';
