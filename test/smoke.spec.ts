import { Injectable } from '@nestjs/common';
import { HealthCheck, HealthModule } from '../src/index.js';
import { startApp } from './support/http-app.js';

@Injectable()
class Db {
  @HealthCheck({ ttl: 1000 })
  database() {
    return { pool_size: 10 };
  }
  @HealthCheck({ critical: false })
  cache() {
    throw new Error('boom');
  }
}

it('smoke', async () => {
  for (const platform of ['fastify', 'express'] as const) {
    const app = await startApp(platform, { imports: [HealthModule.forRoot({ deep: { public: true } })], providers: [Db] });
    for (const p of ['live', 'ready', 'startup', 'deep']) {
      const r = await app.get(`/health/${p}`);
      console.log(platform, p, r.status, r.headers.get('cache-control'), r.headers.get('content-type'), r.text);
    }
    const h = await app.get('/health/ready', { method: 'HEAD' });
    console.log('HEAD', h.status, h.headers.get('cache-control'));
    const v = await app.get('/health/ready?verbose');
    console.log(v.text);
    await app.close();
  }
});
