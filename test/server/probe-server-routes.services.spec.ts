import { describeProbeServerContract } from './support/route-contract.js';
import { describeSlowBoot } from './support/slow-boot.js';
import { describeShutdownOrder } from './support/shutdown-scenario.js';

// the machine's Redis (127.0.0.1:6379) carries the microservice's transport
for (const thread of [false, true]) describeProbeServerContract('microservice (Redis)', thread);

describe('the probe server of a Redis-transport microservice during boot', () => {
  describeSlowBoot('microservice (Redis)');
});

describe('SIGTERM in a Redis-transport microservice with the probe server', () => {
  describeShutdownOrder('microservice');
});
