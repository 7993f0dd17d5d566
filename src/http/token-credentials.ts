import { createHash, timingSafeEqual } from 'node:crypto';
import { prefersHtml } from './formats/content-negotiation.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

export const BEARER_CHALLENGE = 'Bearer realm="health"';
export const BASIC_CHALLENGE = 'Basic realm="health"';

const BEARER = /^Bearer\s+(\S+)\s*$/i;
const BASIC = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i;

/**
 * The `WWW-Authenticate` a 401 of the deep route carries: `Basic` for a browser (a `text/html` request), since
 * browsers never answer a Bearer challenge but ask their user for Basic credentials; `Bearer` for everyone else.
 */
export function authenticationChallenge(accept: string | readonly string[] | undefined): string {
  return prefersHtml(accept) ? BASIC_CHALLENGE : BEARER_CHALLENGE;
}

/** The secret an `Authorization` header presents: a Bearer token, or the password of Basic credentials (any user name). */
function presentedSecret(header: string): string | undefined {
  const bearer = BEARER.exec(header);
  if (bearer !== null) return bearer[1];
  const basic = BASIC.exec(header);
  if (basic === null) return undefined;
  const credentials = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = credentials.indexOf(':');
  return colon < 0 ? undefined : credentials.slice(colon + 1);
}

/**
 * The token rule of the deep route, shared by `HealthTokenGuard` and the probe server: an `Authorization`
 * header carrying the configured token, as `Bearer <token>` or as the Basic password, compared in constant time.
 */
export class TokenCredentials {
  private readonly expected: Buffer;

  constructor(token: string) {
    // hashing first gives equal-length buffers, so neither content nor length leaks through timing
    this.expected = digest(token);
  }

  /** Whether the header carries the token: `Bearer <token>` or `Basic base64(<any user>:<token>)`. */
  accepts(header: string | readonly string[] | undefined): boolean {
    const secret = typeof header === 'string' ? presentedSecret(header) : undefined;
    return secret !== undefined && timingSafeEqual(digest(secret), this.expected);
  }
}
