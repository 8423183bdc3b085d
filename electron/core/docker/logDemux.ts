import type { LogLine } from '../../../shared/logs';
import { LineSplitter } from '../streams/lineSplitter';
import { toLogLine } from '../streams/logLine';

type OutputStream = LogLine['stream'];

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
