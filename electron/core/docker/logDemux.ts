import type { LogLine } from '../../../shared/docker';
import { parseRfc3339Nano } from './timestamps';

export type OutputStream = 'stdout' | 'stderr';

export interface Frame {
  stream: OutputStream;
  data: Buffer;
}

const HEADER = 8;

/**
 * Splits Docker's multiplexed attach/logs stream (used only for containers WITHOUT a
 * TTY): each frame is an 8-byte header [type, 0, 0, 0, size (uint32 BE)] then `size`
 * bytes. Network chunks cut frames anywhere, headers included, so bytes are kept
 * until a frame is complete.
 */
export class StreamDemuxer {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    let offset = 0;
    while (this.pending.length - offset >= HEADER) {
      const type = this.pending[offset]!;
      const size = this.pending.readUInt32BE(offset + 4);
      if (this.pending.length - offset - HEADER < size) break;
      const data = this.pending.subarray(offset + HEADER, offset + HEADER + size);
      // 0 is stdin (echoed when attached); 1 stdout; 2 stderr. Treat anything but 2 as stdout.
      frames.push({ stream: type === 2 ? 'stderr' : 'stdout', data });
      offset += HEADER + size;
    }
    this.pending = offset === 0 ? this.pending : Buffer.from(this.pending.subarray(offset));
    return frames;
  }

  /** Bytes of an incomplete frame still waiting for the rest. */
  get buffered(): number {
    return this.pending.length;
  }
}

/**
 * Cuts a byte stream into lines. Works on bytes, not strings, so a UTF-8 character
 * split across chunks is decoded whole. A line longer than `maxLineBytes` is emitted in
 * pieces, so one endless line cannot grow memory without bound.
 */
export class LineSplitter {
  private partial: Buffer[] = [];
  private partialLength = 0;
  /** The line being read was already cut into pieces: its end adds no empty piece. */
  private cut = false;

  constructor(private readonly maxLineBytes = 64 * 1024) {}

  push(data: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let i = data.indexOf(0x0a); i !== -1; i = data.indexOf(0x0a, start)) {
      this.partial.push(data.subarray(start, i));
      const rest = this.partialLength + (i - start) > 0 || !this.cut;
      const line = this.take();
      if (rest) lines.push(line);
      start = i + 1;
    }
    if (start < data.length) {
      this.partial.push(data.subarray(start));
      this.partialLength += data.length - start;
      while (this.partialLength >= this.maxLineBytes) {
        const all = Buffer.concat(this.partial);
        // Cut on a UTF-8 character boundary (never before a continuation byte 10xxxxxx).
        let cut = this.maxLineBytes;
        while (cut > 0 && (all[cut]! & 0xc0) === 0x80) cut -= 1;
        lines.push(all.subarray(0, cut).toString('utf8'));
        this.partial = [all.subarray(cut)];
        this.partialLength = all.length - cut;
        this.cut = true;
      }
    }
    return lines;
  }

  /** The unterminated last line, if any (at the end of the stream). */
  flush(): string[] {
    if (this.partial.length === 0 || this.partialLength === 0) {
      this.partial = [];
      return [];
    }
    return [this.take()];
  }

  private take(): string {
    // Most lines arrive whole in one chunk: decode that slice without copying it first.
    const text = (this.partial.length === 1 ? this.partial[0]! : Buffer.concat(this.partial)).toString('utf8');
    this.partial = [];
    this.partialLength = 0;
    this.cut = false;
    // TTY output ends lines with \r\n; the \r is not part of the text.
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }
}

/** "2024-05-01T12:00:00.123456789Z message" → { t, text } when timestamps were requested. */
export function toLogLine(raw: string, stream: OutputStream, timestamps: boolean): LogLine {
  if (timestamps) {
    const space = raw.indexOf(' ');
    const t = space > 0 ? parseRfc3339Nano(raw.slice(0, space)) : undefined;
    if (t !== undefined) return { t, stream, text: raw.slice(space + 1) };
  }
  return { stream, text: raw };
}

/**
 * Turns a container's raw log stream into LogLines. A TTY container's stream is plain
 * bytes (stdout and stderr are merged by the TTY); any other container's stream is
 * multiplexed and must be demultiplexed first. ANSI escapes are kept as text.
 */
export class LogDecoder {
  private readonly demuxer: StreamDemuxer | undefined;
  private readonly splitters: Record<OutputStream, LineSplitter> = {
    stdout: new LineSplitter(),
    stderr: new LineSplitter(),
  };

  constructor(private readonly options: { tty: boolean; timestamps: boolean }) {
    this.demuxer = options.tty ? undefined : new StreamDemuxer();
  }

  push(chunk: Buffer): LogLine[] {
    const frames: Frame[] = this.demuxer ? this.demuxer.push(chunk) : [{ stream: 'stdout', data: chunk }];
    const out: LogLine[] = [];
    for (const frame of frames) {
      for (const line of this.splitters[frame.stream].push(frame.data)) {
        out.push(toLogLine(line, frame.stream, this.options.timestamps));
      }
    }
    return out;
  }

  end(): LogLine[] {
    const out: LogLine[] = [];
    for (const stream of ['stdout', 'stderr'] as const) {
      for (const line of this.splitters[stream].flush()) out.push(toLogLine(line, stream, this.options.timestamps));
    }
    return out;
  }
}
