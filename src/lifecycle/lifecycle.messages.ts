/** Messages of the lifecycle: startup, readiness and shutdown. */
export const lifecycleMessages = {
  waitingForStartup: (pending: string) => `waiting for ${pending}`,
  pendingStartupCheck: (name: string) => `startup check "${name}"`,
  pendingHolds: (count: number) => `${count} readiness hold${count === 1 ? '' : 's'}`,
  pendingBootstrap: () => 'application bootstrap',
  markedNotReady: () => 'marked not ready',
  applicationClosing: () => 'application closing',
  drainWithoutShutdownHooks: (drainMs: number) =>
    `shutdown.drainMs is ${drainMs} but no SIGTERM listener is installed: call app.enableShutdownHooks() (or enableHealthShutdown(app)) so the drain can run`,
};
