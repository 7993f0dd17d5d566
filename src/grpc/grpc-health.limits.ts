/** The caps that keep the health service bounded under hostile clients (docs/grpc.md "Limits"). */

/** Longer service names (UTF-8 bytes) are refused with INVALID_ARGUMENT before a string is even made of them. */
export const MAX_SERVICE_NAME_BYTES = 256;

/** Default `grpc.maxWatchStreams`: Watch streams open at once on one server; more get RESOURCE_EXHAUSTED. */
export const DEFAULT_MAX_WATCH_STREAMS = 1000;

/** Watch streams on names the server does not know, within the cap above, so typos cannot crowd out real watchers. */
export const MAX_UNKNOWN_WATCH_STREAMS = 100;
