import { type CanActivate, type ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { httpMessages } from './http.messages.js';
import type { ResolvedHealthOptions } from '../health.options.js';
import { RESOLVED_HEALTH_OPTIONS } from '../health.tokens.js';
import { setHeader } from './response-header.js';
import { authenticationChallenge, TokenCredentials } from './token-credentials.js';

/**
 * Token guard for the deep route: compares `Authorization: Bearer <token>` — or the password of Basic credentials,
 * which is what a browser can send — with the configured token (`token` option or `HEALTH_TOKEN`) in constant time.
 * Otherwise 401 with `WWW-Authenticate: Bearer`, or `Basic` for a browser's `text/html` request so it asks for them.
 */
@Injectable()
export class HealthTokenGuard implements CanActivate {
  private readonly credentials: TokenCredentials;

  constructor(@Inject(RESOLVED_HEALTH_OPTIONS) options: ResolvedHealthOptions) {
    if (!options.token) throw new Error(httpMessages.missingToken());
    this.credentials = new TokenCredentials(options.token);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<{ headers: Record<string, string | string[] | undefined> }>();
    if (this.credentials.accepts(request.headers.authorization)) return true;
    setHeader(http.getResponse(), 'WWW-Authenticate', authenticationChallenge(request.headers.accept));
    throw new UnauthorizedException();
  }
}
