// Small formatting helpers shared by the console's views: times a person can read at a glance, and
// short forms of the server's own ids. Agent text is rendered by render/html.ts, never here.

export function clock(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "in 14 min", "3 min ago": coarse on purpose, the exact time sits next to it. */
export function relative(iso: string, now: number): string {
  const ms = new Date(iso).getTime() - now;
  const abs = Math.abs(ms);
  const text = abs < 60_000 ? `${Math.max(1, Math.round(abs / 1000))} s` : abs < 3_600_000 ? `${Math.round(abs / 60_000)} min` : `${Math.round(abs / 3_600_000)} h`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/** The start of an id the server made (a session, a call): the full id is in the link next to it. */
export function shortId(id: string, max: number): string {
  return id.length <= max ? id : `${id.slice(0, max - 1)}…`;
}
