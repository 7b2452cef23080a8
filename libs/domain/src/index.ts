export * from './codes';
export * from './errors/domain-error';
export * from './system/system-ping.entity';
export * from './entities';
