export * from './workbench.module';
export * from './workbench.service';
