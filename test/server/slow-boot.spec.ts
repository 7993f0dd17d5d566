import { describeSlowBoot } from './support/slow-boot.js';

describe('the probe server during boot', () => {
  for (const kind of ['fastify', 'express', 'context'] as const) describeSlowBoot(kind);
  describeSlowBoot('context', true);
});
