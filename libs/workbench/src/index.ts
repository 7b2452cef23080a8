export * from './admin-overview';
export * from './workbench.module';
export * from './workbench.service';
