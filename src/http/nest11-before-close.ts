import { NestApplication, NestApplicationContext } from '@nestjs/core';

interface ClosingContext {
  /** set on NestApplication only; a standalone context or TestingModule has none */
  httpAdapter?: { beforeClose?: () => unknown };
  callDestroyHook(): Promise<void>;
}

const BACKPORTED = Symbol.for('nestjs-health.adapter-before-close');

/**
 * Nest 12 closes with `prepareClose()` (awaiting the HTTP adapter's `beforeClose()`) before any `onModuleDestroy`.
 * Nest 11 has neither: both `app.close()` and its signal handler go straight to `callDestroyHook()`, which runs
 * the root module's hooks first and global modules (ours) last. So on Nest 11 only, `callDestroyHook()` is
 * taught to await the adapter's `beforeClose()` first — the same order Nest 12 uses, once per process, for
 * every app (an adapter without `beforeClose()` is unaffected).
 */
export function backportAdapterBeforeClose(): void {
  const application = NestApplication.prototype as unknown as { prepareClose?: unknown };
  if (typeof application.prepareClose === 'function') return;
  const context = NestApplicationContext.prototype as unknown as ClosingContext & { [BACKPORTED]?: true };
  if (context[BACKPORTED]) return;
  const callDestroyHook = context.callDestroyHook;
  context.callDestroyHook = async function (this: ClosingContext) {
    await this.httpAdapter?.beforeClose?.();
    return callDestroyHook.call(this);
  };
  context[BACKPORTED] = true;
}
