import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';

/**
 * Throughput rows on a machine of two cores or more: the load generator on core 0, the server under test on core 1,
 * every thread of each (`taskset -a`). Unpinned, the scheduler places each server process against the load
 * generator its own way: in one run two processes running the same code differed by 45 % in CPU per request.
 * Needs util-linux's `taskset`; without it, or on one core, nothing is pinned and the report says so.
 */
export const LOAD_CPU = 0;
export const SERVER_CPU = 1;

function taskset(pid: number, cpuList: string): boolean {
  try {
    execFileSync('taskset', ['-a', '-p', '-c', cpuList, String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Pins a process (all its threads) to one core; false when that is not possible here. */
const pin = (pid: number, cpu: number): boolean => cpus().length >= 2 && taskset(pid, String(cpu));

/** Lets a process run on every core again. */
export const unpin = (pid: number): boolean => taskset(pid, `0-${cpus().length - 1}`);

/** Servers on SERVER_CPU, this process (the load generator) on LOAD_CPU; false, and nothing pinned here, if any failed. */
export function pinServersAndLoad(serverPids: readonly number[]): boolean {
  return serverPids.every((pid) => pin(pid, SERVER_CPU)) && pin(process.pid, LOAD_CPU);
}
