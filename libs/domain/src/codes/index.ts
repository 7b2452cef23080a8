export * from './code-list';
export * from './catalog-codes';
export * from './taxonomy';
