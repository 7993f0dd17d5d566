/** Messages of the transition stream. */
export const eventMessages = {
  transition: (check: string, from: string, to: string, reason: string | undefined) =>
    `${check === '*' ? 'readiness' : `check "${check}"`}: ${from} -> ${to}${reason ? ` (${reason})` : ''}`,
  subscriberFailed: (check: string | undefined, reason: string) =>
    `A changes$ subscriber threw${check === undefined ? '' : ` on the transition of ${check === '*' ? 'readiness' : `check "${check}"`}`} (${reason}); the error was contained and probes go on — fix the subscriber`,
};
