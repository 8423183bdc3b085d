/**
 * The Logs tab's bounded line buffer: parses each line's ANSI once on arrival, keeps
 * the newest `capacity` lines, and counts what was lost (by the backend's bounded
 * stream and by this buffer's own trimming). While the view is held (the user scrolled
 * up), new lines wait aside so nothing moves under the reader.
 */
import type { StreamChunk } from '../../../shared/collection';
import type { LogLine } from '../../../shared/logs';
import { parseAnsi, type AnsiSegment, type AnsiStyle } from './ansi';

const DEFAULT_CAPACITY = 10_000;
/** Longer lines are cut (the rest is counted, not shown) so one line cannot stall the view. */
export const MAX_LINE_CHARS = 16_384;

export interface LogEntry {
  /** Increases by one per line received; stable React key and search anchor. */
  id: number;
  t?: number;
  stream: LogLine['stream'];
  segments: AnsiSegment[];
  /** The text without escape sequences: what search, copy and download use. */
  plain: string;
  /** Characters cut from an over-long line. */
  cut: number;
  /** The pod (and container) of a line in a merged stream. */
  source?: string;
  /** Berth's own line about the stream, not the program's output. */
  note?: boolean;
}

export class LogBuffer {
  private shown: LogEntry[] = [];
  private waiting: LogEntry[] = [];
  private nextId = 1;
  private ansi: Record<LogLine['stream'], AnsiStyle> = { stdout: {}, stderr: {} };
  private lastSeq: number | null = null;
  private held = false;
  /** Lines the backend reported dropped (its stream buffer overflowed). */
  droppedByStream = 0;
  /** Lines this buffer removed to stay within its capacity. */
  trimmed = 0;
  /** Set when the stream ended, with the backend's reason. */
  ended: string | null = null;
  /** Bumped on every change, for React to notice. */
  version = 0;

  constructor(readonly capacity = DEFAULT_CAPACITY) {}

  /** The lines on screen, oldest first. */
  get entries(): readonly LogEntry[] {
    return this.shown;
  }

  /** Lines received while held, not yet shown. */
  get pending(): number {
    return this.waiting.length;
  }

  get dropped(): number {
    return this.droppedByStream + this.trimmed;
  }

  get isHeld(): boolean {
    return this.held;
  }

  /**
   * Applies one stream chunk. A `seq` that does not move forward means the transport
   * resubscribed and the backend is replaying from its tail: start over.
   */
  applyChunk(chunk: StreamChunk<LogLine>): void {
    if (this.lastSeq !== null && chunk.seq <= this.lastSeq) this.reset();
    this.lastSeq = chunk.seq;
    this.droppedByStream += Math.max(0, chunk.dropped | 0);
    this.append(chunk.items);
    if (chunk.end) this.ended = chunk.end.reason || 'the stream ended';
    this.version++;
  }

  append(lines: readonly LogLine[]): void {
    const target = this.held ? this.waiting : this.shown;
    for (const line of lines) target.push(this.toEntry(line));
    if (this.held) this.waiting = this.bound(this.waiting, this.capacity);
    else this.shown = this.bound(this.shown, this.capacity);
    this.version++;
  }

  /** Holds the view (new lines wait) or releases it (waiting lines are shown). */
  hold(held: boolean): void {
    if (held === this.held) return;
    this.held = held;
    if (!held && this.waiting.length) {
      this.shown = this.bound(this.shown.concat(this.waiting), this.capacity);
      this.waiting = [];
    }
    this.version++;
  }

  /** Forgets everything and shows new lines again (a new subscription). */
  reset(): void {
    this.shown = [];
    this.waiting = [];
    this.held = false;
    this.ansi = { stdout: {}, stderr: {} };
    this.lastSeq = null;
    this.droppedByStream = 0;
    this.trimmed = 0;
    this.ended = null;
    this.version++;
  }

  private bound(list: LogEntry[], capacity: number): LogEntry[] {
    const excess = list.length - capacity;
    if (excess <= 0) return list;
    this.trimmed += excess;
    return list.slice(excess);
  }

  private toEntry(line: LogLine): LogEntry {
    const raw = typeof line.text === 'string' ? line.text : String(line.text ?? '');
    const cut = Math.max(0, raw.length - MAX_LINE_CHARS);
    const stream = line.stream === 'stderr' ? 'stderr' : 'stdout';
    const parsed = parseAnsi(cut ? raw.slice(0, MAX_LINE_CHARS) : raw, this.ansi[stream]);
    this.ansi[stream] = parsed.state;
    return {
      id: this.nextId++,
      ...(typeof line.t === 'number' ? { t: line.t } : {}),
      stream,
      segments: parsed.segments,
      plain: parsed.plain,
      cut,
      ...(typeof line.source === 'string' ? { source: line.source } : {}),
      ...(line.note === true ? { note: true } : {}),
    };
  }
}

/** HH:MM:SS.mmm in local time, as shown in the timestamp column. */
export function formatLogTime(t: number): string {
  const d = new Date(t);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** The lines as a text file: one line each, with ISO timestamps, the stream and the source when there is one. */
export function logsToText(entries: readonly LogEntry[], options: { timestamps: boolean }): string {
  let out = '';
  for (const e of entries) {
    const time = options.timestamps && e.t !== undefined ? `${new Date(e.t).toISOString()} ` : '';
    const mark = e.stream === 'stderr' ? '[stderr] ' : '';
    const source = e.source !== undefined ? `[${e.source}] ` : '';
    out += `${time}${source}${mark}${e.plain}\n`;
  }
  return out;
}
