export * from './application-export';
export * from './application-records';
export * from './application-rules';
export * from './challenge-applications.service';
export * from './challenge-experts.service';
export * from './challenge-projects.service';
export * from './milestone-progress-rules';
export * from './challenges.module';
