export * from './system-pings';
export * from './system.module';
