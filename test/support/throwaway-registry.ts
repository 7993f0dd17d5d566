import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';

/**
 * Every process started from `pid`, however deep: servers such as postgres put each child in a session of
 * its own (setsid), so signalling the process group misses them.
 */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // the command name is in parentheses and may hold spaces; the parent pid is the second field after it
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // exited while we looked
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of children.get(queue.shift() ?? 0) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Sends a signal to a whole process group; false when the group no longer exists. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Signals the process group of `pid` and every descendant of it; false when `pid` is gone. */
export function signalTree(pid: number, signal: NodeJS.Signals): boolean {
  const children = descendants(pid);
  const alive = signalGroup(pid, signal);
  for (const child of children) {
    try {
      process.kill(child, signal);
    } catch {
      // exited meanwhile
    }
  }
  return alive;
}

// The reaper outlives the test runner: it reads "+pid N", "-pid N", "+dir D", "-dir D" lines on stdin, and
// when stdin closes (the runner exited, crashed or was killed, even with SIGKILL) it kills every process tree
// and removes every dir still registered. Jest's sandboxed `process` never sees the real 'exit' event.
const REAPER = `
const fs = require('node:fs');
const pids = new Set(), dirs = new Set();
let buffered = '';
const children = () => {
  const map = new Map();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\\d+$/.test(e)) continue;
    try { const s = fs.readFileSync('/proc/' + e + '/stat', 'utf8'); const p = Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]);
      map.set(p, [...(map.get(p) || []), Number(e)]); } catch {}
  }
  return map;
};
const tree = (pid, map) => { const out = [pid]; for (let i = 0; i < out.length; i++) out.push(...(map.get(out[i]) || [])); return out; };
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  const lines = (buffered + chunk).split('\\n'); buffered = lines.pop();
  for (const line of lines) {
    const [op, kind, ...rest] = line.split(' '); const value = rest.join(' ');
    const set = kind === 'pid' ? pids : dirs; const item = kind === 'pid' ? Number(value) : value;
    if (op === '+') set.add(item); else set.delete(item);
  }
});
process.stdin.on('close', () => {
  const map = children();
  for (const pid of pids) for (const sig of ['SIGCONT', 'SIGKILL']) {
    try { process.kill(-pid, sig); } catch {}
    for (const p of tree(pid, map)) { try { process.kill(p, sig); } catch {} }
  }
  const removeDirs = () => { for (const d of dirs) { try { fs.rmSync(d, { recursive: true, force: true }); } catch {} } process.exit(0); };
  if (pids.size === 0) removeDirs(); else setTimeout(removeDirs, 200);
});
`;

let reaper: ChildProcess | undefined;

function tell(line: string): void {
  if (!reaper) {
    reaper = spawn(process.execPath, ['-e', REAPER], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
    // neither the reaper nor its pipe may keep the runner alive
    reaper.unref();
    (reaper.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  }
  reaper.stdin?.write(`${line}\n`);
}

/** Tracks a process started with `detached: true` (its pid is its process group) until it is untracked. */
export function trackGroup(pid: number): () => void {
  tell(`+ pid ${pid}`);
  return () => tell(`- pid ${pid}`);
}

/** Tracks a temp dir; the returned function removes it now. */
export function trackDir(dir: string): () => void {
  tell(`+ dir ${dir}`);
  return () => {
    rmSync(dir, { recursive: true, force: true });
    tell(`- dir ${dir}`);
  };
}
