/** Messages between the bench (parent) and one server or job process (child), over the fork IPC channel. */
export type ChildRequest =
  | { readonly id: number; readonly type: 'counters' | 'cpu' | 'memory' | 'stop' }
  /** blocks the server's main event loop synchronously for `ms`, as a CPU-bound job does; replied to just before */
  | { readonly id: number; readonly type: 'block'; readonly ms: number };

export interface MemoryFigures {
  readonly heapUsedBytes: number;
  readonly rssBytes: number;
}

export type ChildMessage =
  | { readonly type: 'listening'; readonly port: number }
  | { readonly type: 'result'; readonly data: unknown }
  | { readonly type: 'reply'; readonly id: number; readonly data: unknown }
  | { readonly type: 'failed'; readonly error: string };

export const SERVER_SCENARIOS = [
  'fastify-bare',
  'nest-bare',
  'ours-cached',
  'ours-otel-no-sdk',
  'ours-background',
  'terminus-three-checks',
  'terminus-slow-check',
  'ours-storm',
  'terminus-storm',
  'grpc-raw-floor',
  'grpc-nest-floor',
  'grpc-ours',
  'ours-probe-server',
  'ours-probe-thread',
] as const;

export type ServerScenario = (typeof SERVER_SCENARIOS)[number];
