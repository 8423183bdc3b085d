import { describe, expect, it } from 'vitest';
import { LogDecoder, StreamDemuxer } from './logDemux';

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
