// The impact preview on a request card: the dry run (or estimate) in words, then each table's
// sampled changed rows, masked when the request was made, every cell rendered as text and cut
// with a note.
import { describeImpact, sampleCaption } from '../approval/impact.ts';
import type { Impact } from '../pipeline/toolpack.ts';
import { cut, html, type SafeHtml } from '../render/html.ts';

const CELL_MAX = 120;

function cell(value: unknown): SafeHtml {
  if (value === null || value === undefined) return html`<span class="muted">NULL</span>`;
  return cut(typeof value === 'string' ? value : JSON.stringify(value), CELL_MAX);
}

export function impactSection(impact: Impact | undefined): SafeHtml | false {
  if (!impact) return false;
  return html`<section class="impact"><p><strong>Impact:</strong> ${describeImpact(impact)}</p>
  ${(impact.samples ?? []).map(
    (s) => html`<table class="sample"><caption><code>${s.table}</code> ${sampleCaption(s)}</caption>
    <thead><tr>${s.rows.columns.map((c) => html`<th>${c.name}</th>`)}</tr></thead>
    <tbody>${s.rows.rows.map((row) => html`<tr>${row.map((v) => html`<td>${cell(v)}</td>`)}</tr>`)}</tbody></table>`,
  )}</section>`;
}
