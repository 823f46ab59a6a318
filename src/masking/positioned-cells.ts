// A value split over rows with each piece's place beside it, in any order: `SELECT n, ch FROM
// regexp_split_to_table(v, '') WITH ORDINALITY AS t(ch, n) ORDER BY random()`, or `SELECT g,
// substr(v, g * 3 - 2, 3) FROM generate_series(1, 10) g ORDER BY random()`. The agent sorts the
// rows back by the place; read as the rows came, the pieces are in no order. A column whose cells
// are whole numbers, each once, that fill a range (1 to n, 0 to n - 1) is read as the places of the
// rows: when they are not in order, every other column is read in their order too, one character a
// cell, one group of digits a cell and short pieces a cell, as in the rows' own order
// (split-characters.ts, split-numbers.ts, split-pieces.ts).
import type { MaskCounts } from './counts.ts';
import { maskSplitCharacters } from './split-characters.ts';
import { maskNeighbouringGroups } from './split-numbers.ts';
import { maskSplitPiecesDown } from './split-pieces.ts';
import type { TextMasker } from './text-masker.ts';

/** The readers and where their writes go: held, as the other split readers' are, till all have read. */
export interface PositionedReading {
  splitNumbers: TextMasker;
  splitValues: TextMasker;
  counts: MaskCounts;
  write: (row: unknown[], column: number, masked: string) => void;
}

const PLACE_TEXT = /^\d{1,6}$/;

function placeOf(cell: unknown): number | undefined {
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 0 ? cell : undefined;
  return typeof cell === 'string' && PLACE_TEXT.test(cell) ? Number(cell) : undefined;
}

/** The rows' indexes in the order of the places column `c` holds; undefined when it holds no places. */
function orderByPlaces(rows: readonly unknown[][], c: number): number[] | undefined {
  const order: number[] = new Array<number>(rows.length);
  let first = Infinity;
  const places: number[] = [];
  for (const row of rows) {
    const place = placeOf(row[c]);
    if (place === undefined) return undefined;
    places.push(place);
    if (place < first) first = place;
  }
  const filled = new Array<boolean>(rows.length).fill(false);
  for (const [r, place] of places.entries()) {
    const rank = place - first;
    if (rank >= rows.length || filled[rank]) return undefined;
    filled[rank] = true;
    order[rank] = r;
  }
  return order;
}

/** The readers of a value split over cells down a column, in the order `at` gives the cells. */
function readCells(count: number, at: (i: number) => unknown, write: (i: number, masked: string) => void, reading: PositionedReading): void {
  const { splitNumbers, splitValues, counts } = reading;
  maskNeighbouringGroups(count, at, write, splitNumbers, counts);
  maskSplitCharacters(count, at, write, splitValues, counts);
  maskSplitPiecesDown(count, at, write, splitValues, counts);
}

/**
 * Reads down every column `read` allows, in the rows' order and in the order of each column of
 * places beside it: a table's columns, or the keys of an array of records.
 */
export function maskColumns(rows: readonly unknown[][], width: number, read: (c: number) => boolean, reading: PositionedReading): void {
  let c = 0;
  const inColumn = (r: number) => rows[r]?.[c];
  const writeInColumn = (r: number, masked: string) => reading.write(rows[r] as unknown[], c, masked);
  for (; c < width; c++) if (read(c)) readCells(rows.length, inColumn, writeInColumn, reading);
  maskPositionedCells(rows, width, read, reading);
}

/** Reads every column `read` allows in the order of each column of places beside it. */
function maskPositionedCells(rows: readonly unknown[][], width: number, read: (c: number) => boolean, reading: PositionedReading): void {
  if (rows.length < 2) return;
  for (let p = 0; p < width; p++) {
    if (!read(p)) continue;
    const order = orderByPlaces(rows, p);
    // In the rows' own order every column was read already.
    if (order === undefined || order.every((r, rank) => r === rank)) continue;
    for (let c = 0; c < width; c++) {
      if (c === p || !read(c)) continue;
      const at = (rank: number) => rows[order[rank] as number]?.[c];
      const writeAt = (rank: number, masked: string) => reading.write(rows[order[rank] as number] as unknown[], c, masked);
      readCells(rows.length, at, writeAt, reading);
    }
  }
}
