import { randomBytes } from 'node:crypto';

export type AuthScheme = 'Bearer' | 'Token';

/** What an `Authorization` header carries. */
export type Credentials =
  | { kind: 'missing' }
  | { kind: 'malformed'; scheme: AuthScheme; detail: string }
  | { kind: 'token'; scheme: AuthScheme; token: string };

/** Error details as Django REST Framework's TokenAuthentication words them. */
export const AUTH_ERRORS = {
  missing: 'Authentication credentials were not provided.',
  invalidToken: 'Invalid token.',
  forbidden: 'You do not have permission to perform this action.',
};

const SCHEMES = new Map<string, AuthScheme>([
  ['bearer', 'Bearer'],
  ['token', 'Token'],
]);

/**
 * Parses an `Authorization` header the way TokenAuthentication does, with
 * both `Bearer` and `Token` accepted as the keyword. Any other scheme counts
 * as no credentials.
 */
export function parseAuthorization(header: string | undefined): Credentials {
  const parts = (header ?? '').trim().split(/\s+/);
  const scheme = SCHEMES.get(parts[0]?.toLowerCase() ?? '');
  if (scheme === undefined) {
    return { kind: 'missing' };
  }
  if (parts.length === 1) {
    const detail = 'Invalid token header. No credentials provided.';

    return { kind: 'malformed', scheme, detail };
  }
  if (parts.length > 2) {
    const detail =
      'Invalid token header. Token string should not contain spaces.';

    return { kind: 'malformed', scheme, detail };
  }

  return { kind: 'token', scheme, token: parts[1] ?? '' };
}

/**
 * Tokens handed out by the token exchange. As with Django REST Framework's
 * authtoken, a partner keeps the same token until it is revoked, and the
 * next exchange after that creates a new one.
 */
export class TokenRegistry {
  readonly #partnerByToken = new Map<string, string>();
  readonly #tokenByPartner = new Map<string, string>();
  #exchangeCount = 0;

  /** Number of successful token exchanges, whether or not the token was new. */
  get exchangeCount(): number {
    return this.#exchangeCount;
  }

  /** Returns the partner's token, creating a 40-hex-digit one if needed. */
  issue(partnerId: string): string {
    let token = this.#tokenByPartner.get(partnerId);
    if (token === undefined) {
      token = randomBytes(20).toString('hex');
      this.#tokenByPartner.set(partnerId, token);
      this.#partnerByToken.set(token, partnerId);
    }
    this.#exchangeCount += 1;

    return token;
  }

  partnerFor(token: string): string | undefined {
    return this.#partnerByToken.get(token);
  }

  revokeAll(): void {
    this.#partnerByToken.clear();
    this.#tokenByPartner.clear();
  }
}
