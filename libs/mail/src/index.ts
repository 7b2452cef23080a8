export * from './mail.module';
export * from './mail-delivery';
export * from './mail-housekeeping';
export * from './mail-log';
export * from './mail-templates';
export * from './mail-transport';
export * from './mailer';
