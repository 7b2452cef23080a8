export * from './metrics';
export * from './metrics-endpoint';
export * from './metrics-server';
