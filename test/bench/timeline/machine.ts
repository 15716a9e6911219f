import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { round } from './figures';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS = 100;

interface Sample {
  at: number;
  /** CPU time of the whole machine, busy, in ticks. */
  busy: number;
  /** CPU time of this process and its descendants (an embedded PostgreSQL and its backends), in ticks. */
  ours: number;
  /** Of which this process's own threads (the hub, and the read client's worker thread), in ticks. */
  self: number;
  /** Of which its main thread (the hub's, or the floor's server), in ticks. */
  main: number;
  /** Nanoseconds the main thread has waited, ready to run, for a core (`schedstat`); null without it. */
  mainWaitNs: number | null;
}

/** User and system ticks of a /proc `stat` line. */
function statTicks(stat: string): number {
  const [utime, stime] = stat
    .slice(stat.lastIndexOf(')') + 2)
    .split(' ')
    .slice(11, 13)
    .map(Number);
  return utime + stime;
}

function runDelayNs(): number | null {
  try {
    const [, delay] = readFileSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, 'utf8').split(' ');
    return Number(delay);
  } catch {
    return null;
  }
}

function machineBusy(): number {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const [user, nice, system, , , irq, softirq, steal] = cpu.trim().split(/\s+/).slice(1).map(Number);
  return user + nice + system + irq + softirq + steal;
}

/**
 * Ticks used by this process tree. A process's cutime/cstime hold its reaped children (e.g. the
 * PostgreSQL backends that ended), which are no longer in the tree, so nothing counts twice.
 */
function treeTicks(root: number): { tree: number; self: number } {
  const procs = new Map<number, { ppid: number; ticks: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces), from field 3 (state) on.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number);
      procs.set(Number(name), { ppid: Number(fields[1]), ticks: utime + stime + cutime + cstime });
    } catch {
      // The process ended while the list was read.
    }
  }
  let ticks = 0;
  let self = 0;
  for (const [pid, p] of procs) {
    if (pid === root) self = statTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    for (let cur: number | undefined = pid; cur !== undefined && cur > 1; cur = procs.get(cur)?.ppid) {
      if (cur === root) {
        ticks += p.ticks;
        break;
      }
    }
  }
  return { tree: ticks, self };
}

export interface PhaseCpu {
  /** Short phases are noisy: /proc counts CPU time in 10 ms ticks. */
  seconds: number;
  /** Cores' worth of CPU the whole machine used during the phase. */
  machine_cores: number;
  /** Of which this benchmark: the hub, its client and (when embedded) its PostgreSQL. */
  ours_cores: number;
  /** Of which the benchmark's own process: the hub's thread and the read client's worker thread. */
  hub_process_cores: number;
  /**
   * Of which its main thread: the hub's one thread (or the floor benchmark's server), without the
   * read client's worker thread, the garbage collector's helpers and libuv's pool.
   */
  main_thread_cores: number;
  /**
   * Share of the phase's time the main thread was ready to run but waited for a core (the
   * kernel's run delay, `/proc/<pid>/task/<tid>/schedstat`): on two cores, a statement sent wakes
   * a PostgreSQL backend that may take the sender's core. Null where the kernel does not keep it.
   */
  main_thread_waiting: number | null;
  /** Of which its child processes: the embedded PostgreSQL (none with DATABASE_URL). */
  children_cores: number;
  /** Everything else on the machine (other people's tests; an external DATABASE_URL server too). */
  others_cores: number;
}

/**
 * Whether the machine was busy with other work while each phase ran, from /proc: machine-wide CPU
 * time minus this process tree's. Absent /proc (not Linux), it reports nothing.
 */
export class MachineWatch {
  private readonly available = existsSync('/proc/stat');
  private last: Sample | null = null;
  readonly phases: Record<string, PhaseCpu> = {};

  constructor() {
    this.last = this.sample();
  }

  /** Ends the current phase under `name` and starts the next. */
  mark(name: string): PhaseCpu | null {
    const now = this.sample();
    if (!now || !this.last) return null;
    const seconds = (now.at - this.last.at) / 1000;
    const cores = (ticks: number) => round(ticks / TICKS / seconds, 2);
    const phase = {
      seconds: round(seconds, 1),
      machine_cores: cores(now.busy - this.last.busy),
      ours_cores: cores(now.ours - this.last.ours),
      hub_process_cores: cores(now.self - this.last.self),
      main_thread_cores: cores(now.main - this.last.main),
      main_thread_waiting:
        now.mainWaitNs === null || this.last.mainWaitNs === null
          ? null
          : round((now.mainWaitNs - this.last.mainWaitNs) / 1e6 / (now.at - this.last.at), 2),
      children_cores: cores(now.ours - this.last.ours - (now.self - this.last.self)),
      others_cores: cores(Math.max(0, now.busy - this.last.busy - (now.ours - this.last.ours))),
    };
    this.phases[name] = phase;
    this.last = now;
    return phase;
  }

  private sample(): Sample | null {
    if (!this.available) return null;
    const { tree, self } = treeTicks(process.pid);
    const main = statTicks(readFileSync(`/proc/${process.pid}/task/${process.pid}/stat`, 'utf8'));
    return { at: performance.now(), busy: machineBusy(), ours: tree, self, main, mainWaitNs: runDelayNs() };
  }
}
