// What Linux reports about another process (/proc/PID): its peak memory and the CPU time it used.
import { readFileSync } from 'node:fs';

/** Clock ticks per second in /proc/PID/stat; 100 on every mainstream Linux build (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** The process's peak resident set (VmHWM), in MB of 10^6 bytes (/proc's "kB" are KiB). */
export function peakRssMegabytes(pid: number): number {
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return (Number(match[1]) * 1024) / 1e6;
}

/** User plus system CPU seconds the process has used so far. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces, so fields are counted from after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU seconds the whole machine has spent busy and in all, over every core (/proc/stat's first line). */
export function machineCpuSeconds(): { busy: number; total: number } {
  const [, ...ticks] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] as string).trim().split(/\s+/);
  // user nice system idle iowait irq softirq steal (guest time is already counted in user).
  const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks.slice(0, 8).map(Number) as number[];
  const idleAll = (idle as number) + (iowait as number);
  const busy = (user as number) + (nice as number) + (system as number) + (irq as number) + (softirq as number) + (steal as number);
  return { busy: busy / TICKS_PER_SECOND, total: (busy + idleAll) / TICKS_PER_SECOND };
}
