import { Injectable, type NestMiddleware } from '@nestjs/common';
import { setHeader } from './response-header.js';

/** Runs before any guard, so 401/403/404 answers of health routes are never cached either. */
@Injectable()
export class NoStoreMiddleware implements NestMiddleware {
  use(_request: unknown, response: unknown, next: () => void): void {
    setHeader(response, 'Cache-Control', 'no-store');
    next();
  }
}
