/** Check settings shared by our apps and their terminus twins. */
export const CACHE_TTL_MS = 1000;
export const BACKGROUND_INTERVAL_MS = 1000;
export const STORM_TTL_MS = 5000;
export const STORM_CHECK_MS = 100;
/** Same as our default timeout, so both sides pay for cancellable runs. */
export const TIMEOUT_MS = 500;
