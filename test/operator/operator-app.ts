import { Injectable, type ModuleMetadata, type OnModuleInit } from '@nestjs/common';
import { HealthModule, HealthRegistry, HealthTokenGuard, type HealthModuleOptions } from '../../src/index.js';

export const TOKEN = 'op3rator-t0ken';
/** What Chromium sends when it navigates to a page. */
export const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8';

/** Attacker-influenced values: a check name, a thrown reason, a returned detail key and value. */
export const PAYLOAD = {
  name: '<img src=x onerror=alert(1)>',
  reason: '</style><script>alert(2)</script><!--',
  detailKey: '"><svg onload=alert(3)>',
  detailValue: "'><iframe src=javascript:alert(4)></iframe>",
} as const;

/** The app's dependencies as switches a test flips. */
@Injectable()
export class Dependencies {
  databaseUp = true;
  databaseRuns = 0;
}

/** `database` (critical, flips with Dependencies), `cache` (non-critical, always degraded), and the hostile check. */
@Injectable()
export class OperatorChecks implements OnModuleInit {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly dependencies: Dependencies,
  ) {}

  onModuleInit(): void {
    this.registry.register('database', () => {
      this.dependencies.databaseRuns += 1;
      if (!this.dependencies.databaseUp) throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      return { pool_size: 10, pool_available: 8 };
    });
    this.registry.register('cache', () => ({ degraded: true, message: 'REDIS_URL is not set: using an in-process cache' }), { critical: false });
    // what a check passes on from a dependency's answer: a reason and details it did not write itself
    this.registry.register(PAYLOAD.name, () => ({ healthy: false, error: PAYLOAD.reason, [PAYLOAD.detailKey]: PAYLOAD.detailValue }), {
      critical: false,
      probes: [],
    });
  }
}

/** A guard is `HealthTokenGuard` (the token rule) unless the test opens the route. */
export function operatorApp(options: HealthModuleOptions = {}, deep: 'token' | 'public' = 'token'): ModuleMetadata {
  return {
    imports: [
      HealthModule.forRoot({
        token: TOKEN,
        version: '1.2.3',
        logger: false,
        ...options,
        deep: deep === 'token' ? { guards: [HealthTokenGuard] } : { public: true },
      }),
    ],
    providers: [Dependencies, OperatorChecks],
  };
}

export const bearer = (token = TOKEN) => `Bearer ${token}`;
export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
