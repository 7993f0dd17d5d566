import { describeProbeServerContract } from './support/route-contract.js';

// the machine's Redis (127.0.0.1:6379) carries the microservice's transport
for (const thread of [false, true]) describeProbeServerContract('microservice (Redis)', thread);
