import fc from 'fast-check';
import request from 'supertest';
import type { Session } from './accounts';
import type { TestApp } from './harness';

export type Verb = 'get' | 'post' | 'patch' | 'put';

/** A route and a valid body for it; `wrap` puts a nested part back into a whole body. */
export interface BodyRoute {
  verb: Verb;
  path: string;
  who: () => Session;
  body: Record<string, unknown>;
  wrap?: (part: unknown) => unknown;
}

/** Query values a client might send: any text, edge-case numbers and words, repeated keys. */
export const queryValue = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', '-1', '0', '1e308', 'NaN', '1.5', '99999999999999999999', '__proto__', 'constructor', 'published,draft', '21', '中试', 'true', 'csv', 'xlsx'),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
);

export const queryOf = (keys: readonly string[]) => fc.dictionary(fc.constantFrom(...keys), queryValue, { maxKeys: 4 });

/** Any JSON (or null) to put in place of one field of a valid body, or of the whole body. */
export const anyJson = fc.oneof(fc.constant(null), fc.jsonValue({ maxDepth: 2 }));

/**
 * Sends requests and notes every answer that is a 5xx or a 4xx outside the error shape, and every
 * status seen, so a run in which nothing reached the handlers (all 401, say) cannot pass unnoticed.
 */
export class AnswerCheck {
  readonly problems: string[] = [];
  readonly statuses = new Set<number>();

  constructor(private readonly app: TestApp) {}

  async send(verb: Verb, path: string, who: Session, input: { body: unknown } | { query: Record<string, unknown> }): Promise<void> {
    const req = request(this.app.http)[verb](path).set(who.auth);
    // Serialised here: supertest refuses a bare number or boolean as a body, and JSON allows one.
    const res = 'body' in input ? await req.set('Content-Type', 'application/json').send(JSON.stringify(input.body)) : await req.query(input.query as Record<string, string>);
    this.statuses.add(res.status);
    const shown = `${verb.toUpperCase()} ${path} ${String(JSON.stringify('body' in input ? input.body : input.query)).slice(0, 200)}`;
    if (res.status >= 500) this.problems.push(`${shown} → ${res.status} ${res.body?.code}`);
    else if (res.status >= 400 && !(typeof res.body.code === 'string' && typeof res.body.message === 'string')) this.problems.push(`${shown} → ${res.status} without the error shape`);
  }

  /** Each valid body sent again with one field, or the whole body, replaced by arbitrary JSON. */
  async bodies(routes: readonly BodyRoute[], numRuns: number, seed: number): Promise<void> {
    for (const route of routes) {
      const fields = Object.keys(route.body);
      await fc.assert(
        fc.asyncProperty(anyJson, fc.nat(fields.length), async (value, which) => {
          const part = which === fields.length ? value : { ...route.body, [fields[which]!]: value };
          await this.send(route.verb, route.path, route.who(), { body: route.wrap ? route.wrap(part) : part });
        }),
        { numRuns, seed },
      );
    }
  }

  /** Each list asked with arbitrary values for its query parameters. */
  async lists(lists: ReadonlyArray<readonly [string, Session]>, keys: readonly string[], numRuns: number): Promise<void> {
    for (const [path, who] of lists) {
      await fc.assert(
        fc.asyncProperty(queryOf(keys), async (query) => this.send('get', path, who, { query })),
        { numRuns, seed: 7 },
      );
    }
  }
}
