/** Messages between the bench (parent) and one server or job process (child), over the fork IPC channel. */
export type ChildRequest = { readonly id: number; readonly type: 'counters' | 'cpu' | 'memory' | 'stop' };

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
  'ours-background',
  'terminus-three-checks',
  'terminus-slow-check',
  'ours-storm',
  'terminus-storm',
  'grpc-raw-floor',
  'grpc-nest-floor',
  'grpc-ours',
] as const;

export type ServerScenario = (typeof SERVER_SCENARIOS)[number];
