import { readFileSync } from 'node:fs';

/**
 * Clock ticks per second of the times in `/proc/<pid>/stat`: Linux's
 * USER_HZ, which `getconf CLK_TCK` prints (100 on this machine).
 */
const TICKS_PER_SECOND = 100;

/**
 * Returns the CPU time, user plus system, that a process and all its
 * threads have used so far, in ms. Returns null when `/proc` has no entry
 * for it: not on Linux, or after the process has exited.
 */
export function processCpuMs(pid: number | undefined): number | null {
  if (pid === undefined) {
    return null;
  }
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name, in parentheses, may contain spaces. So the fields
  // are counted from the last parenthesis, which is followed by field 3.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  if (!Number.isFinite(userTicks) || !Number.isFinite(systemTicks)) {
    return null;
  }

  return ((userTicks + systemTicks) * 1000) / TICKS_PER_SECOND;
}

/** CPU time of this process, user plus system, in ms. */
export function ownCpuMs(): number {
  const { user, system } = process.cpuUsage();

  return (user + system) / 1000;
}
