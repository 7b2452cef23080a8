export * from './challenge-statistics';
export * from './conversion-statistics';
export * from './deal-lifecycle';
export * from './deal-statistics';
export * from './deals.module';
export * from './deals.service';
export * from './report-parts';
export * from './statistics-sheets';
