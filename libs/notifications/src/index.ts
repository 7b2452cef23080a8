export * from './notifications.module';
export * from './notifications.service';
export * from './notify';
export * from './notice-digests';
export * from './redact-notices';
