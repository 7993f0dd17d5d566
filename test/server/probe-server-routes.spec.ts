import { describeProbeServerContract } from './support/route-contract.js';

// thread mode here loads the worker from the TypeScript sources under Jest; test/server/thread-mode.spec.ts runs it from dist/
for (const thread of [false, true]) for (const kind of ['fastify', 'express', 'context'] as const) describeProbeServerContract(kind, thread);
