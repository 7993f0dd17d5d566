import { describeShutdownOrder } from './support/shutdown-scenario.js';

describe('SIGTERM with the probe server', () => {
  describeShutdownOrder('context');
  describeShutdownOrder('context', true);
  describeShutdownOrder('fastify');
  describeShutdownOrder('express', true);
});
