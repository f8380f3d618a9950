import type { Auth, Headers } from './http';
import type { TokenCache } from './token';

/** Fixed headers (an API key or permanent token): a 401 cannot be cured by asking again. */
export function staticAuth(headers: () => Headers): Auth {
  return {
    headers: async () => headers(),
    invalidate: () => false,
  };
}

/** Headers built from a cached token: a 401 invalidates exactly the token that was sent, once. */
export function tokenAuth(cache: TokenCache, toHeaders: (token: string) => Headers): Auth {
  const sent = new WeakMap<Headers, string>();
  return {
    async headers() {
      const token = await cache.get();
      const h = toHeaders(token);
      sent.set(h, token);
      return h;
    },
    invalidate(used) {
      const token = sent.get(used);
      if (token === undefined) return false;
      cache.invalidate(token);
      return true;
    },
  };
}
