// A CPU allotment for one benchmark process: a cgroup with a CPU quota (v1 `cpu` controller, or
// v2 `cpu.max`). On a machine with fewer cores than the service has processes, it gives each
// worker its own fixed share, the way a deployment gives each worker replica its own CPU limit,
// so that what a second worker adds is measured rather than what the machine has left over.
import fs from 'node:fs';
import path from 'node:path';

const V1_ROOT = '/sys/fs/cgroup/cpu';
const V2_ROOT = '/sys/fs/cgroup';
const PERIOD_US = 100_000;

type Layout = { version: 1 | 2; root: string };

function layout(): Layout | undefined {
  try {
    if (fs.existsSync(path.join(V1_ROOT, 'cpu.cfs_quota_us'))) return { version: 1, root: V1_ROOT };
    const controllers = fs.readFileSync(path.join(V2_ROOT, 'cgroup.controllers'), 'utf8');
    if (controllers.split(/\s+/).includes('cpu')) return { version: 2, root: V2_ROOT };
  } catch {
    // neither layout is readable: no allotments here
  }
  return undefined;
}

export class CpuAllotment {
  private constructor(
    private readonly where: Layout,
    private readonly dir: string,
  ) {}

  /** A cgroup named `name` capped at `cpus` cores, or undefined if this machine does not let us make one. */
  static create(name: string, cpus: number): CpuAllotment | undefined {
    const where = layout();
    if (!where) return undefined;
    const dir = path.join(where.root, name);
    try {
      fs.mkdirSync(dir, { recursive: true });
      const quota = Math.round(cpus * PERIOD_US);
      if (where.version === 1) {
        fs.writeFileSync(path.join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
        fs.writeFileSync(path.join(dir, 'cpu.cfs_quota_us'), String(quota));
      } else {
        fs.writeFileSync(path.join(where.root, 'cgroup.subtree_control'), '+cpu');
        fs.writeFileSync(path.join(dir, 'cpu.max'), `${quota} ${PERIOD_US}`);
      }
      return new CpuAllotment(where, dir);
    } catch {
      return undefined;
    }
  }

  /** Moves a whole process (every thread, and those it starts later) into the allotment. */
  add(pid: number): void {
    fs.writeFileSync(path.join(this.dir, 'cgroup.procs'), String(pid));
  }

  /** Moves a process back to the unrestricted root group. */
  release(pid: number): void {
    fs.writeFileSync(path.join(this.where.root, 'cgroup.procs'), String(pid));
  }

  /** Removes the group; its processes must have left or ended. */
  remove(): void {
    try {
      fs.rmdirSync(this.dir);
    } catch {
      // still in use or already gone: harmless for a benchmark
    }
  }
}
