import { Controller, Get, Module } from '@nestjs/common';
import { BARE_PAYLOAD } from './bare-payload.js';
import type { BenchServer } from './bench-server.js';
import { listenNest } from './nest-app.js';

@Controller()
class BareController {
  @Get('bare')
  bare() {
    return BARE_PAYLOAD;
  }
}

@Module({ controllers: [BareController] })
class BareNestModule {}

/** Row (b), the baseline: a plain Nest controller on Fastify returning the same JSON. */
export function startBareNest(): Promise<BenchServer> {
  return listenNest(BareNestModule);
}
