import { ValidationError } from './domain-error';

/**
 * Whether `action` (from a URL) names an entry of this table of actions: its own keys only, so
 * `constructor`, `__proto__` or `toString` are unknown actions (a 400), not inherited properties.
 */
export function assertAction<T extends object>(table: T, action: string): asserts action is Extract<keyof T, string> {
  if (!Object.hasOwn(table, action)) throw ValidationError.of('action', 'isIn', `action must be one of ${Object.keys(table).join(', ')}`);
}
