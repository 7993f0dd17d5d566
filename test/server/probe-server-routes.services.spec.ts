import { describeProbeServerContract } from './support/route-contract.js';
import { describeSlowBoot } from './support/slow-boot.js';

// the machine's Redis (127.0.0.1:6379) carries the microservice's transport
for (const thread of [false, true]) describeProbeServerContract('microservice (Redis)', thread);

describe('the probe server of a Redis-transport microservice during boot', () => {
  describeSlowBoot('microservice (Redis)');
});
