/** A token as an authorisation endpoint hands it out. `lifetimeMs` undefined = no stated lifetime. */
export interface IssuedToken {
  token: string;
  lifetimeMs?: number;
}

interface Held {
  token: string;
  refreshAt: number;
  expiresAt: number;
}

/** When to refresh: with max(60 s, 10% of the lifetime) left, but never before half the lifetime has passed. */
export function refreshMargin(lifetimeMs: number): number {
  const margin = Math.max(60_000, lifetimeMs * 0.1);
  return margin >= lifetimeMs ? lifetimeMs / 2 : margin;
}

/**
 * One cache per account. Concurrent callers share one token request (single-flight). A token in
 * its refresh window is still handed out while one background request fetches the next; an
 * expired or invalidated token makes callers wait for the next. It never assumes the vendor hands
 * out a new token each time (EnCo returns the same one until it expires).
 */
export class TokenCache {
  private held?: Held;
  private inflight?: Promise<string>;
  /** Counts token requests (for tests, benchmarks and the status of the account). */
  requests = 0;

  constructor(
    private readonly fetchToken: () => Promise<IssuedToken>,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<string> {
    const t = this.now();
    const held = this.held;
    if (held && t < held.refreshAt) return held.token;
    if (held && t < held.expiresAt) {
      // still valid: refresh in the background, failures surface on the next call that must wait
      this.refresh().catch(() => undefined);
      return held.token;
    }
    return this.refresh();
  }

  /** A request answered 401 with `token`: forget it, unless a newer one already replaced it. */
  invalidate(token: string): void {
    if (this.held && this.held.token === token) this.held = undefined;
  }

  clear(): void {
    this.held = undefined;
  }

  /** The token currently held, if any (never requests one). */
  peek(): string | undefined {
    return this.held?.token;
  }

  private refresh(): Promise<string> {
    if (!this.inflight) {
      this.requests++;
      this.inflight = this.fetchToken()
        .then((issued) => {
          const t = this.now();
          const life = issued.lifetimeMs;
          if (this.held && this.held.token === issued.token && life !== undefined && Number.isFinite(life)) {
            // The vendor handed back the token we hold (EnCo keeps one token per application until
            // it expires): asking again before then gains nothing, so refresh only at expiry.
            const expiresAt = t + Math.max(0, life);
            this.held = { token: issued.token, refreshAt: expiresAt, expiresAt };
            return issued.token;
          }
          this.held =
            life === undefined || !Number.isFinite(life)
              ? { token: issued.token, refreshAt: Infinity, expiresAt: Infinity }
              : { token: issued.token, refreshAt: t + Math.max(0, life - refreshMargin(life)), expiresAt: t + Math.max(0, life) };
          return issued.token;
        })
        .finally(() => {
          this.inflight = undefined;
        });
    }
    return this.inflight;
  }
}
