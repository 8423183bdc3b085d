/**
 * Search within the Logs tab: finds matches in the lines' plain text and splits styled
 * segments so matches can be highlighted without losing their ANSI colours.
 */
import type { AnsiSegment, AnsiStyle } from './ansi';

export interface SearchMatch {
  /** Index of the line in the list searched. */
  line: number;
  /** The line's stable id. */
  entryId: number;
  start: number;
  end: number;
}

export interface SearchOptions {
  caseSensitive?: boolean;
  /** Stop after this many matches (the count then shows "limit+"). */
  limit?: number;
}

const MATCH_LIMIT = 10_000;

/** Every non-overlapping occurrence of `query` in the lines, in reading order. */
export function findMatches(
  lines: ReadonlyArray<{ id: number; plain: string }>,
  query: string,
  options: SearchOptions = {},
): { matches: SearchMatch[]; limited: boolean } {
  const matches: SearchMatch[] = [];
  if (!query) return { matches, limited: false };
  const limit = options.limit ?? MATCH_LIMIT;
  const needle = options.caseSensitive ? query : query.toLowerCase();
  for (let line = 0; line < lines.length; line++) {
    const entry = lines[line]!;
    const hay = options.caseSensitive ? entry.plain : entry.plain.toLowerCase();
    // toLowerCase can change length for a few characters; fall back to exact positions then.
    const sameLength = hay.length === entry.plain.length;
    let from = 0;
    for (;;) {
      const at = hay.indexOf(needle, from);
      if (at < 0) break;
      if (sameLength) matches.push({ line, entryId: entry.id, start: at, end: at + needle.length });
      else matches.push({ line, entryId: entry.id, start: 0, end: 0 });
      if (matches.length >= limit) return { matches, limited: true };
      from = at + Math.max(1, needle.length);
    }
  }
  return { matches, limited: false };
}

/** The next (or previous) match index, wrapping around; -1 when there is none. */
export function stepMatch(current: number, count: number, direction: 1 | -1): number {
  if (count <= 0) return -1;
  if (current < 0) return direction === 1 ? 0 : count - 1;
  return (current + direction + count) % count;
}

/**
 * The match to select after the matches changed (new lines arrived): keep the same
 * line and offset when it still exists, otherwise the nearest one after it.
 */
export function reselectMatch(matches: readonly SearchMatch[], previous: SearchMatch | undefined): number {
  if (!matches.length) return -1;
  if (!previous) return 0;
  const i = matches.findIndex(
    (m) => m.entryId > previous.entryId || (m.entryId === previous.entryId && m.start >= previous.start),
  );
  return i < 0 ? matches.length - 1 : i;
}

export interface MarkedSegment {
  text: string;
  style: AnsiStyle;
  /** Part of a match; `current` for the selected one. */
  mark?: 'match' | 'current';
}

/**
 * Cuts styled segments at match boundaries. `ranges` are [start, end) offsets into the
 * concatenated plain text, sorted and non-overlapping.
 */
export function markSegments(
  segments: readonly AnsiSegment[],
  ranges: ReadonlyArray<{ start: number; end: number; current?: boolean }>,
): MarkedSegment[] {
  if (!ranges.length) return segments.map((s) => ({ text: s.text, style: s.style }));
  const out: MarkedSegment[] = [];
  let offset = 0;
  let r = 0;
  for (const segment of segments) {
    const segStart = offset;
    const segEnd = offset + segment.text.length;
    let pos = segStart;
    while (pos < segEnd) {
      while (r < ranges.length && ranges[r]!.end <= pos) r++;
      const range = ranges[r];
      if (!range || range.start >= segEnd) {
        out.push({ text: segment.text.slice(pos - segStart), style: segment.style });
        pos = segEnd;
      } else if (range.start > pos) {
        out.push({ text: segment.text.slice(pos - segStart, range.start - segStart), style: segment.style });
        pos = range.start;
      } else {
        const end = Math.min(range.end, segEnd);
        out.push({
          text: segment.text.slice(pos - segStart, end - segStart),
          style: segment.style,
          mark: range.current ? 'current' : 'match',
        });
        pos = end;
      }
    }
    offset = segEnd;
  }
  return out;
}
