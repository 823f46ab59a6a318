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
