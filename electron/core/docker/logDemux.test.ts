import { describe, expect, it } from 'vitest';
import { LineSplitter, LogDecoder, StreamDemuxer, toLogLine } from './logDemux';
import { parseRfc3339Nano } from './timestamps';

function frame(type: 1 | 2, text: string): Buffer {
  const body = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

/** Feeds `bytes` in every possible 2-way split and in 1-byte pieces, to prove boundaries do not matter. */
function splits(bytes: Buffer): Buffer[][] {
  const out: Buffer[][] = [[bytes]];
  for (let i = 1; i < bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  out.push([...bytes].map((b) => Buffer.from([b])));
  return out;
}

describe('StreamDemuxer', () => {
  it('tells stdout and stderr frames apart', () => {
    const demux = new StreamDemuxer();
    const frames = demux.push(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')]));
    expect(frames.map((f) => [f.stream, f.data.toString()])).toEqual([
      ['stdout', 'out\n'],
      ['stderr', 'err\n'],
    ]);
  });

  it('reassembles frames cut anywhere, including inside the 8-byte header', () => {
    const bytes = Buffer.concat([frame(1, 'hello\n'), frame(2, 'wörld\n'), frame(1, '')]);
    for (const pieces of splits(bytes)) {
      const demux = new StreamDemuxer();
      const frames = pieces.flatMap((p) => demux.push(p));
      expect(frames.map((f) => `${f.stream}:${f.data.toString()}`).join('|')).toBe(
        'stdout:hello\n|stderr:wörld\n|stdout:',
      );
      expect(demux.buffered).toBe(0);
    }
  });
});

describe('LineSplitter', () => {
  it('joins a line split across chunks and keeps the unterminated tail for the end', () => {
    const splitter = new LineSplitter();
    expect(splitter.push(Buffer.from('ab'))).toEqual([]);
    expect(splitter.push(Buffer.from('c\nd\r\ne'))).toEqual(['abc', 'd']);
    expect(splitter.flush()).toEqual(['e']);
    expect(splitter.flush()).toEqual([]);
  });

  it('never splits a UTF-8 character, wherever the chunk boundary falls', () => {
    const bytes = Buffer.from('ü€😀\n', 'utf8');
    for (const pieces of splits(bytes)) {
      const splitter = new LineSplitter();
      expect(pieces.flatMap((p) => splitter.push(p))).toEqual(['ü€😀']);
    }
  });

  it('cuts an endless line into bounded pieces', () => {
    const splitter = new LineSplitter(10);
    const lines = splitter.push(Buffer.from('x'.repeat(25)));
    expect(lines).toEqual(['x'.repeat(10), 'x'.repeat(10)]);
    expect(splitter.flush()).toEqual(['x'.repeat(5)]);
  });

  it('ends a line cut exactly at a piece boundary without an extra empty line', () => {
    const splitter = new LineSplitter(10);
    expect(splitter.push(Buffer.from('x'.repeat(20)))).toEqual(['x'.repeat(10), 'x'.repeat(10)]);
    expect(splitter.push(Buffer.from('\n\nnext\n'))).toEqual(['', 'next']);
  });
});

describe('timestamps', () => {
  it('parses RFC3339Nano to epoch ms, keeping sub-millisecond digits', () => {
    expect(parseRfc3339Nano('2024-05-01T12:00:00.123456789Z')).toBeCloseTo(Date.UTC(2024, 4, 1, 12) + 123.456789, 5);
    expect(parseRfc3339Nano('2024-05-01T12:00:00Z')).toBe(Date.UTC(2024, 4, 1, 12));
    expect(parseRfc3339Nano('2024-05-01T14:00:00.5+02:00')).toBe(Date.UTC(2024, 4, 1, 12) + 500);
    expect(parseRfc3339Nano('0001-01-01T00:00:00Z')).toBeUndefined();
    expect(parseRfc3339Nano('yesterday')).toBeUndefined();
  });

  it('splits the timestamp off a log line, and leaves a line without one alone', () => {
    expect(toLogLine('2024-05-01T12:00:00.000000001Z hello world', 'stdout', true)).toEqual({
      t: Date.UTC(2024, 4, 1, 12) + 0.000001,
      stream: 'stdout',
      text: 'hello world',
    });
    expect(toLogLine('no timestamp here', 'stderr', true)).toEqual({ stream: 'stderr', text: 'no timestamp here' });
    expect(toLogLine('2024-05-01T12:00:00Z kept', 'stdout', false).text).toBe('2024-05-01T12:00:00Z kept');
  });
});

describe('LogDecoder', () => {
  const ansi = '\u001b[31mred\u001b[0m <b>html</b>';

  it('demultiplexes a non-TTY stream into stdout and stderr lines, ANSI kept', () => {
    const bytes = Buffer.concat([
      frame(1, `2024-05-01T12:00:00.000000000Z ${ansi}\n`),
      frame(2, '2024-05-01T12:00:01.000000000Z oops\n'),
    ]);
    for (const pieces of splits(bytes)) {
      const decoder = new LogDecoder({ tty: false, timestamps: true });
      const lines = [...pieces.flatMap((p) => decoder.push(p)), ...decoder.end()];
      expect(lines).toEqual([
        { t: Date.UTC(2024, 4, 1, 12), stream: 'stdout', text: ansi },
        { t: Date.UTC(2024, 4, 1, 12, 0, 1), stream: 'stderr', text: 'oops' },
      ]);
    }
  });

  it('keeps partial lines of stdout and stderr apart when their frames interleave', () => {
    const decoder = new LogDecoder({ tty: false, timestamps: false });
    const lines = decoder.push(
      Buffer.concat([frame(1, 'out-'), frame(2, 'err-'), frame(1, 'end\n'), frame(2, 'end\n')]),
    );
    expect(lines).toEqual([
      { stream: 'stdout', text: 'out-end' },
      { stream: 'stderr', text: 'err-end' },
    ]);
  });

  it('reads a TTY stream as plain bytes, without demultiplexing', () => {
    const decoder = new LogDecoder({ tty: true, timestamps: false });
    // A TTY stream starting with byte 1 must not be mistaken for a frame header.
    const lines = decoder.push(Buffer.from(`\u0001${ansi}\r\nnext`));
    expect(lines).toEqual([{ stream: 'stdout', text: `\u0001${ansi}` }]);
    expect(decoder.end()).toEqual([{ stream: 'stdout', text: 'next' }]);
  });
});
