export const HEALTH_CHECK_METADATA = 'nestjs-health:check';
export const HEALTH_LOGGER_CONTEXT = 'Health';
export const STARTUP_RETRY_MS = 1000;
export const WITHHELD_REASON = 'reason withheld';
