export * from './queues';
export * from './queue-connection';
export * from './job-producer';
export * from './queue-health';
export * from './queue.module';
export * from './outbox-relay';
export * from './outbox-listener';
