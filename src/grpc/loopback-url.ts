/** Nest's default when a gRPC server is given no `url` (GRPC_DEFAULT_URL of @nestjs/microservices). */
export const NEST_DEFAULT_GRPC_URL = 'localhost:5000';

/**
 * Whether a gRPC server url binds to loopback only ("localhost:50051", "127.0.0.1:50051", "[::1]:50051"),
 * where the kubelet, which connects to the pod IP, cannot reach it. Unix sockets and wildcards are not.
 */
export function isLoopbackOnly(url: string): boolean {
  const target = url.replace(/^dns:(\/\/[^/]*\/)?/, '');
  if (target.startsWith('unix:')) return false;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(target);
  const host = (bracketed ? bracketed[1] : target.replace(/:\d+$/, '')).toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
