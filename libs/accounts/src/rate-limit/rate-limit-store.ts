/** Counts hits on a key within a fixed window; shared by every API replica. */
export interface RateLimitStore {
  /** Records one hit and returns the hits so far in the current window and when it ends. */
  hit(key: string, windowMs: number): Promise<{ hits: number; resetInMs: number }>;
  close?(): Promise<void>;
}

export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');
