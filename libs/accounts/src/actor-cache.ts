import { Injectable } from '@nestjs/common';
import type { Actor } from '@techbridge/domain';

/** What a token resolves to, before the request's own parts (acting organisation, request id, ip). */
export type ActorBase = Omit<Actor, 'actingFor' | 'requestId' | 'ip'>;

const TTL_MS = 5_000;
const MAX_ENTRIES = 20_000;

/**
 * Remembers, for a few seconds, whom an access token stands for, so a burst of requests costs one
 * database read rather than one each. Every change to a user's sessions, roles, membership or
 * assignments forgets that user at once on this replica; other replicas see it within TTL_MS.
 */
@Injectable()
export class ActorCache {
  private readonly entries = new Map<string, { base: ActorBase; expiresAt: number }>();
  /** Counts forgetUser calls: a load that began before one may have read what was being changed. */
  private generation = 0;

  get(token: string): ActorBase | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.base;
  }

  /** Taken before reading the user; `set` keeps the result only if nobody was forgotten meanwhile. */
  mark(): number {
    return this.generation;
  }

  set(token: string, base: ActorBase, mark: number): void {
    if (mark !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { base, expiresAt: Date.now() + TTL_MS });
  }

  forgetUser(userId: string): void {
    this.generation++;
    for (const [token, entry] of this.entries) if (entry.base.userId === userId) this.entries.delete(token);
  }

  /**
   * Runs `work` (a transaction), forgetting each user it passes to `forget` at once and again once
   * it has ended: a request that read the user before the commit must not keep the old state.
   */
  async forgetting<T>(work: (forget: (userId: string) => void) => Promise<T>): Promise<T> {
    const users = new Set<string>();
    try {
      return await work((userId) => {
        users.add(userId);
        this.forgetUser(userId);
      });
    } finally {
      for (const userId of users) this.forgetUser(userId);
    }
  }
}
