// The time a kill switch act is stamped with. A resume names the suspension it lifts by that time
// (acts-on-record.ts), so two suspensions of one principal must never share it: an old resume put
// back after a later suspension made in the same millisecond would lift it. So the time is written
// to the microsecond: the clock's millisecond, then a count that makes each act later than the one
// before in this process.
let last = 0;

/** An ISO time with microseconds (`2026-12-06T20:50:00.123456Z`), strictly later than this process's previous one. */
export function actTime(): string {
  const micros = Math.max(Date.now() * 1000, last + 1);
  last = micros;
  return `${new Date(Math.floor(micros / 1000)).toISOString().slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
}
