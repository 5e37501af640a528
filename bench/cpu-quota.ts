/**
 * `npm run bench:load -- --cpu-per-process 0.5`: each server process in a Linux cgroup of its own
 * whose CPU quota is that many cores, so that one process and two can be compared where each has
 * the same CPU and the machine still has CPU to spare (on 2 CPUs shared with PostgreSQL and the load
 * generator, one unlimited process fills them and a second has nothing to add). cgroup v1 (the cpu
 * controller at /sys/fs/cgroup/cpu: cpu.cfs_period_us and cpu.cfs_quota_us) and cgroup v2 (cpu.max,
 * the cpu controller enabled for the children of /sys/fs/cgroup) are both handled. The groups are
 * named `hocso-bench-<pid>`; whatever is still in them is moved back to the root group before they
 * are removed, when the server stops and again when the bench exits (an error, Ctrl-C).
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** The scheduler's period for the quota, in microseconds (the kernel's default, 100 ms). */
export const PERIOD_US = 100_000

/**
 * `--cpu-per-process`: how many cores each server process may use, a number above 0 and at most
 * the machine's CPUs (0.5 = half a core). The kernel refuses a quota under 1 ms a period.
 */
export function parseCpuPerProcess(text: string | undefined, cpus: number): number | undefined {
  if (text === undefined) return undefined
  const cores = Number(text)
  if (text.trim() === '' || !Number.isFinite(cores) || cores <= 0)
    throw new Error(`--cpu-per-process: a number of cores above 0, such as 0.5 (got ${text})`)
  if (cores > cpus) throw new Error(`--cpu-per-process: at most this machine's ${cpus} CPUs (got ${text})`)
  if (quotaUs(cores) < 1000)
    throw new Error(`--cpu-per-process: at least 0.01 of a core, the kernel's smallest quota (got ${text})`)
  return cores
}

/** The quota per period, in microseconds, for that many cores. */
export function quotaUs(cores: number): number {
  return Math.round(cores * PERIOD_US)
}

/** What each group's files are set to: cgroup v1 (two files) and v2 (cpu.max). */
export function quotaFiles(version: 1 | 2, cores: number): [file: string, value: string][] {
  return version === 1
    ? [
        ['cpu.cfs_period_us', String(PERIOD_US)],
        ['cpu.cfs_quota_us', String(quotaUs(cores))],
      ]
    : [['cpu.max', `${quotaUs(cores)} ${PERIOD_US}`]]
}

type Controller = { version: 1 | 2; root: string }

/** The error a missing or read-only controller ends the bench with, naming what is missing. */
export class CpuQuotaUnavailable extends Error {}

const HINT =
  'Run the bench as root on Linux with the cgroup cpu controller mounted read-write, or leave out --cpu-per-process.'

/** Where CPU quotas can be set on this machine: cgroup v2 if mounted at `base`, else v1's cpu controller. */
function findController(base: string): Controller {
  const controllers = join(base, 'cgroup.controllers')
  if (existsSync(controllers)) {
    if (!readFileSync(controllers, 'utf8').split(/\s+/).includes('cpu'))
      throw new CpuQuotaUnavailable(
        `--cpu-per-process: cgroup v2 at ${base}, but its cpu controller is not available (${controllers} has no "cpu"). ${HINT}`,
      )
    return { version: 2, root: base }
  }
  const v1 = join(base, 'cpu')
  if (existsSync(join(v1, 'cpu.cfs_quota_us'))) return { version: 1, root: v1 }
  throw new CpuQuotaUnavailable(
    `--cpu-per-process: no cgroup cpu controller found (neither ${controllers} nor ${join(v1, 'cpu.cfs_quota_us')}). ${HINT}`,
  )
}

/** Waits a few milliseconds without an event loop (the clean-up also runs in process.on('exit')). */
const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

/** Each process that `limit` was given in its own group, held to `cores`. */
export class CpuQuotas {
  private readonly controller: Controller
  private readonly groups = new Map<number, string>()

  /** Finds the controller and checks, with a group made and removed at once, that quotas can be set. */
  constructor(
    readonly cores: number,
    base = '/sys/fs/cgroup',
  ) {
    this.controller = findController(base)
    if (this.controller.version === 2) this.enableCpuForChildren()
    const probe = this.make(`hocso-bench-${process.pid}-check`)
    this.remove(probe)
  }

  get version(): 1 | 2 {
    return this.controller.version
  }

  /** How the quota is set, for the report: "cgroup v1 cpu quota 50000 µs every 100000 µs". */
  describe(): string {
    return `cgroup v${this.version} cpu quota ${quotaUs(this.cores)} µs every ${PERIOD_US} µs`
  }

  /** cgroup v2 sets a child's cpu.max only once the parent hands the cpu controller to its children. */
  private enableCpuForChildren() {
    const file = join(this.controller.root, 'cgroup.subtree_control')
    try {
      if (readFileSync(file, 'utf8').split(/\s+/).includes('cpu')) return
      writeFileSync(file, '+cpu')
    } catch (e) {
      throw new CpuQuotaUnavailable(
        `--cpu-per-process: cannot enable the cpu controller for child groups (${file}: ${(e as Error).message}). ${HINT}`,
      )
    }
  }

  private make(name: string): string {
    const dir = join(this.controller.root, name)
    try {
      mkdirSync(dir, { recursive: true })
      for (const [file, value] of quotaFiles(this.version, this.cores)) writeFileSync(join(dir, file), value)
    } catch (e) {
      try {
        rmdirSync(dir)
      } catch {}
      throw new CpuQuotaUnavailable(
        `--cpu-per-process: cannot make a cgroup with a CPU quota at ${dir} (${(e as Error).message}). ${HINT}`,
      )
    }
    return dir
  }

  /** Moves a process (all its threads) into a group of its own. */
  limit(pid: number) {
    const dir = this.make(`hocso-bench-${pid}`)
    this.groups.set(pid, dir)
    try {
      writeFileSync(join(dir, 'cgroup.procs'), String(pid))
    } catch (e) {
      this.release([pid])
      throw new CpuQuotaUnavailable(
        `--cpu-per-process: cannot move process ${pid} into ${dir} (${(e as Error).message}).`,
      )
    }
  }

  /** Whether the process is held (it was given to `limit` and not released). */
  holds(pid: number): boolean {
    return this.groups.has(pid)
  }

  /**
   * How often the process's group was held back: periods in which it ran, and periods in which it
   * used up its quota and waited for the next (cumulative, from the group's cpu.stat).
   */
  throttling(pid: number): { periods: number; throttled: number } | undefined {
    const dir = this.groups.get(pid)
    if (!dir) return undefined
    try {
      const stat = Object.fromEntries(
        readFileSync(join(dir, 'cpu.stat'), 'utf8')
          .trim()
          .split('\n')
          .map((l) => l.split(' ') as [string, string]),
      )
      return { periods: Number(stat.nr_periods), throttled: Number(stat.nr_throttled) }
    } catch {
      return undefined
    }
  }

  /**
   * Moves whatever is still in these processes' groups (or all groups) back to the root group and
   * removes the groups. Returns what could not be removed, and never throws: it also runs as the
   * process exits.
   */
  release(pids: number[] = [...this.groups.keys()]): string[] {
    const left: string[] = []
    for (const pid of pids) {
      const dir = this.groups.get(pid)
      if (!dir) continue
      this.groups.delete(pid)
      if (!this.remove(dir)) left.push(dir)
    }
    return left
  }

  private remove(dir: string): boolean {
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        for (const p of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean))
          try {
            writeFileSync(join(this.controller.root, 'cgroup.procs'), p)
          } catch {}
        rmdirSync(dir)
        return true
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true
        pause(50)
      }
    }
    return false
  }
}
