/** `grpc.health.v1.HealthCheckResponse.ServingStatus`, as numbered in the standard health.proto. */
export const ServingStatus = {
  UNKNOWN: 0,
  SERVING: 1,
  NOT_SERVING: 2,
  /** Watch only: the service name is not known (yet) */
  SERVICE_UNKNOWN: 3,
} as const;

export type ServingStatus = (typeof ServingStatus)[keyof typeof ServingStatus];

/** The gRPC status codes this service answers with (grpc/status.h); numbers, so nothing of grpc-js is loaded. */
export const GrpcCode = {
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
} as const;

export const servingStatusOf = (serving: boolean): ServingStatus => (serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING);
