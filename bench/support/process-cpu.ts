// CPU time of processes from /proc (user + system, every thread), to say where a window's CPU went.
import fs from 'node:fs';

const TICKS_PER_SECOND = 100;

/** CPU seconds a process has used so far, or 0 once it has ended. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** Every running process whose command is `name` (e.g. each PostgreSQL backend). */
export function pidsNamed(name: string): number[] {
  return fs
    .readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === name;
      } catch {
        return false;
      }
    });
}

/** CPU used by groups of processes between `start()` and `stop()`, in cores (CPU seconds per second). */
export class CpuWindow {
  private readonly before = new Map<number, number>();
  private t0 = 0;

  constructor(private readonly groups: Record<string, () => number[]>) {}

  start(): void {
    this.t0 = Date.now();
    for (const pids of Object.values(this.groups)) for (const pid of pids()) this.before.set(pid, processCpuSeconds(pid));
  }

  /** Cores used per group; a process that started during the window counts from its start. */
  stop(): Record<string, number> {
    const seconds = (Date.now() - this.t0) / 1000;
    const used: Record<string, number> = {};
    for (const [name, pids] of Object.entries(this.groups)) {
      used[name] = pids().reduce((sum, pid) => sum + processCpuSeconds(pid) - (this.before.get(pid) ?? 0), 0) / seconds;
    }
    return used;
  }
}
