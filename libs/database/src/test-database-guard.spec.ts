import { assertTestDatabase } from './test-database-guard';

describe('assertTestDatabase', () => {
  it('allows databases whose name says they are for tests', () => {
    expect(() => assertTestDatabase('postgresql://u@h:5432/techbridge_test')).not.toThrow();
    expect(() => assertTestDatabase('postgresql://u@h/test')).not.toThrow();
  });

  it('refuses any other database, so tests can never truncate real data', () => {
    expect(() => assertTestDatabase('postgresql://u@h:5432/techbridge')).toThrow('Refusing to run tests against database "techbridge"');
    expect(() => assertTestDatabase('postgresql://u@h:5432/prod?application_name=test')).toThrow(/prod/);
  });
});
