import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import { httpMessages } from './http.messages.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { setHeader } from './response-header.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Bearer-token guard for the deep route: compares `Authorization: Bearer <token>` with the configured token
 * (`token` option or `HEALTH_TOKEN`) in constant time; 401 with `WWW-Authenticate: Bearer` otherwise.
 */
@Injectable()
export class HealthTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(@Inject(RESOLVED_HEALTH_OPTIONS) options: ResolvedHealthOptions) {
    if (!options.token) throw new Error(httpMessages.missingToken());
    // hashing first gives equal-length buffers, so neither content nor length leaks through timing
    this.expected = digest(options.token);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (match && timingSafeEqual(digest(match[1]), this.expected)) return true;
    setHeader(http.getResponse(), 'WWW-Authenticate', 'Bearer realm="health"');
    throw new UnauthorizedException();
  }
}
