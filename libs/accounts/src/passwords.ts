import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { type FieldProblem, ValidationError } from '@techbridge/domain';

/** argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes): slow for attackers, ~20 ms for us. */
// Algorithm is an ambient const enum (unusable under isolatedModules); 2 is Argon2id.
const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export const hashPassword = (password: string): Promise<string> => hash(password, ARGON2);

export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the account does not exist, so timing does not reveal which e-mails are registered. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword('decoy-password-0'));

/** The password policy: long enough, letters and digits, not the e-mail address. */
export function passwordProblem(password: string, email: string): FieldProblem | undefined {
  const problem = (code: string, message: string): FieldProblem => ({ field: 'password', code, message });
  if (password.length < 10) return problem('tooShort', 'password must be at least 10 characters');
  if (password.length > 128) return problem('tooLong', 'password must be at most 128 characters');
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) return problem('tooSimple', 'password must contain letters and digits');
  const local = email.split('@')[0].toLowerCase();
  if (local.length >= 4 && password.toLowerCase().includes(local)) return problem('containsEmail', 'password must not contain the e-mail address');
  return undefined;
}

export function assertPasswordPolicy(password: string, email: string): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new ValidationError([problem], `password: ${problem.message}`);
}
