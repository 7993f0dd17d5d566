import { describeValue } from '../describe-value.js';

/** Messages of the ready-made indicators. */
export const indicatorMessages = {
  invalidIndicatorOption: (indicator: string, option: string, rule: string, value: unknown) =>
    `${indicator}: ${option} ${rule}, got ${describeValue(value)}`,
  diskBelowMinimum: (path: string, freeGb: number, minGb: number) =>
    `disk ${path}: ${freeGb} GB free, below the minimum of ${minGb} GB`,
  diskAboveMaximum: (path: string, usedPercent: number, maxPercent: number) =>
    `disk ${path}: ${usedPercent}% used, above the maximum of ${maxPercent}%`,
  memoryAboveMaximum: (kind: string, usedMb: number, maxMb: number) =>
    `memory: ${kind} is ${usedMb} MB, above the maximum of ${maxMb} MB`,
  eventLoopDelayAboveMaximum: (percentile: number, delayMs: number, maxMs: number) =>
    `event loop: delay p${percentile} is ${delayMs} ms, above the maximum of ${maxMs} ms`,
  httpUnexpectedStatus: (method: string, url: string, status: number, expected: string) =>
    `${method} ${url} answered ${status}, expected ${expected}`,
  httpFailed: (method: string, url: string, reason: string) => `${method} ${url} failed: ${reason}`,
  tcpFailed: (host: string, port: number, reason: string) => `TCP connect to ${host}:${port} failed: ${reason}`,
};
