import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

export const BEARER_CHALLENGE = 'Bearer realm="health"';

/**
 * The token rule of the deep route, shared by `HealthTokenGuard` and the probe server: an `Authorization`
 * header carrying the configured token, compared in constant time.
 */
export class TokenCredentials {
  private readonly expected: Buffer;

  constructor(token: string) {
    // hashing first gives equal-length buffers, so neither content nor length leaks through timing
    this.expected = digest(token);
  }

  /** Whether the header carries the token: `Bearer <token>`. */
  accepts(header: string | readonly string[] | undefined): boolean {
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    return match !== null && timingSafeEqual(digest(match[1]), this.expected);
  }
}
