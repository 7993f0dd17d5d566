import { type INestApplicationContext, Logger } from '@nestjs/common';
import { HEALTH_LOGGER_CONTEXT } from '../health.constants.js';
import { ShutdownCoordinator } from './shutdown-coordinator.js';

/**
 * The explicit graceful shutdown for apps Nest gives no hook before `onModuleDestroy`: microservices, application
 * contexts, Nest 11 apps. Call it instead of `app.enableShutdownHooks()`. On SIGTERM: readiness 503 at once →
 * `drainMs` held → the transports' last steps (gRPC Watch streams ended) → `app.close()` → the signal raised
 * again, so the process exits as it would have. SIGINT closes at once, without the drain. Nothing of Nest is patched.
 */
export function enableHealthShutdown(app: INestApplicationContext): void {
  const coordinator = app.get(ShutdownCoordinator, { strict: false });
  const logger = new Logger(HEALTH_LOGGER_CONTEXT);
  let closing: Promise<void> | undefined;
  const close = (signal: NodeJS.Signals) => async () => {
    // a repeated signal during the drain waits for the same close instead of killing the process mid-drain
    if (closing) return;
    if (signal === 'SIGTERM') coordinator.signal();
    closing = (async () => {
      try {
        await coordinator.prepareClose();
        await app.close();
      } catch (error) {
        logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      }
    })();
    await closing;
    for (const [name, listener] of listeners) process.removeListener(name, listener);
    process.kill(process.pid, signal);
  };
  const listeners: [NodeJS.Signals, () => Promise<void>][] = [
    ['SIGTERM', close('SIGTERM')],
    ['SIGINT', close('SIGINT')],
  ];
  for (const [name, listener] of listeners) process.on(name, listener);
}
