import { describe, expect, it } from 'vitest';
import type { LogLine } from '../../../shared/logs';
import { LogBuffer, logsToText, MAX_LINE_CHARS } from './logBuffer';

const out = (text: string, t?: number): LogLine => ({ stream: 'stdout', text, ...(t !== undefined ? { t } : {}) });
const err = (text: string): LogLine => ({ stream: 'stderr', text });
const lines = (n: number, from = 0): LogLine[] => Array.from({ length: n }, (_, i) => out(`line ${from + i}`));

describe('LogBuffer', () => {
  it('keeps lines in arrival order with their stream, and parses ANSI once', () => {
    const b = new LogBuffer(10);
    b.applyChunk({ seq: 1, items: [out('\x1b[32mok\x1b[0m'), err('boom')], dropped: 0 });
    expect(b.entries.map((e) => [e.stream, e.plain])).toEqual([
      ['stdout', 'ok'],
      ['stderr', 'boom'],
    ]);
    expect(b.entries[0]!.segments[0]!.style).toEqual({ fg: { palette: 2 } });
    expect(b.entries[0]!.id).toBeLessThan(b.entries[1]!.id);
  });

  it('keeps only the newest lines and counts what it trimmed', () => {
    const b = new LogBuffer(100);
    b.applyChunk({ seq: 1, items: lines(80), dropped: 0 });
    b.applyChunk({ seq: 2, items: lines(50, 80), dropped: 0 });
    expect(b.entries).toHaveLength(100);
    expect(b.entries[0]!.plain).toBe('line 30');
    expect(b.entries.at(-1)!.plain).toBe('line 129');
    expect(b.trimmed).toBe(30);
    expect(b.dropped).toBe(30);
  });

  it('adds the lines the backend dropped to the dropped count', () => {
    const b = new LogBuffer(100);
    b.applyChunk({ seq: 1, items: lines(3), dropped: 7 });
    b.applyChunk({ seq: 2, items: lines(3), dropped: 5 });
    expect(b.droppedByStream).toBe(12);
    expect(b.trimmed).toBe(0);
    expect(b.dropped).toBe(12);
  });

  it('holds new lines aside while the reader has scrolled up, then shows them', () => {
    const b = new LogBuffer(100);
    b.applyChunk({ seq: 1, items: lines(5), dropped: 0 });
    b.hold(true);
    b.applyChunk({ seq: 2, items: lines(3, 5), dropped: 0 });
    expect(b.entries).toHaveLength(5);
    expect(b.pending).toBe(3);
    b.hold(false);
    expect(b.entries).toHaveLength(8);
    expect(b.pending).toBe(0);
    expect(b.entries.at(-1)!.plain).toBe('line 7');
  });

  it('stays bounded while held and counts the lines it could not keep', () => {
    const b = new LogBuffer(10);
    b.applyChunk({ seq: 1, items: lines(10), dropped: 0 });
    b.hold(true);
    b.applyChunk({ seq: 2, items: lines(25, 10), dropped: 0 });
    expect(b.pending).toBe(10);
    expect(b.trimmed).toBe(15);
    b.hold(false);
    expect(b.entries.map((e) => e.plain)).toEqual(lines(10, 25).map((l) => l.text));
    expect(b.trimmed).toBe(25);
  });

  it('starts over when the stream is replayed after a resubscribe', () => {
    const b = new LogBuffer(10);
    b.applyChunk({ seq: 1, items: lines(3), dropped: 2 });
    b.applyChunk({ seq: 2, items: lines(3, 3), dropped: 0 });
    b.applyChunk({ seq: 1, items: lines(4), dropped: 0 });
    expect(b.entries.map((e) => e.plain)).toEqual(['line 0', 'line 1', 'line 2', 'line 3']);
    expect(b.dropped).toBe(0);
  });

  it('shows new lines again after a reset, even if it was held', () => {
    const b = new LogBuffer(10);
    b.hold(true);
    b.reset();
    b.append(lines(2));
    expect(b.isHeld).toBe(false);
    expect(b.entries).toHaveLength(2);
  });

  it('records why the stream ended', () => {
    const b = new LogBuffer(10);
    b.applyChunk({ seq: 1, items: [], dropped: 0, end: { reason: 'container exited' } });
    expect(b.ended).toBe('container exited');
  });

  it('carries ANSI state per stream across lines', () => {
    const b = new LogBuffer(10);
    b.append([out('\x1b[31mred starts'), err('plain error'), out('still red')]);
    expect(b.entries[1]!.segments[0]!.style).toEqual({});
    expect(b.entries[2]!.segments[0]!.style).toEqual({ fg: { palette: 1 } });
  });

  it('cuts over-long lines and says how much was cut', () => {
    const b = new LogBuffer(10);
    b.append([out('x'.repeat(MAX_LINE_CHARS + 50))]);
    expect(b.entries[0]!.plain).toHaveLength(MAX_LINE_CHARS);
    expect(b.entries[0]!.cut).toBe(50);
  });

  it('changes its version on every change so views re-render', () => {
    const b = new LogBuffer(10);
    const v = b.version;
    b.append([out('a')]);
    expect(b.version).toBeGreaterThan(v);
  });

  it('handles 10,000-line floods quickly', () => {
    const b = new LogBuffer();
    const start = performance.now();
    for (let i = 0; i < 20; i++) b.applyChunk({ seq: i + 1, items: lines(1000, i * 1000), dropped: 0 });
    expect(b.entries).toHaveLength(10_000);
    expect(b.trimmed).toBe(10_000);
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('logsToText', () => {
  it('writes plain text with ISO times and marks stderr', () => {
    const b = new LogBuffer(10);
    b.append([out('\x1b[1mhello\x1b[0m', Date.UTC(2024, 0, 2, 3, 4, 5)), err('<b>bad</b>')]);
    expect(logsToText(b.entries, { timestamps: true })).toBe('2024-01-02T03:04:05.000Z hello\n[stderr] <b>bad</b>\n');
    expect(logsToText(b.entries, { timestamps: false })).toBe('hello\n[stderr] <b>bad</b>\n');
  });

  it('names the pod of each line of a merged stream, and keeps Berth’s notes apart', () => {
    const b = new LogBuffer(10);
    b.append([
      { t: Date.UTC(2024, 0, 2), stream: 'stdout', text: 'ready', source: 'api-1' },
      { stream: 'stdout', text: 'pod deleted: its log ended', source: 'api-2', note: true },
    ]);
    expect(b.entries.map((e) => [e.source, e.note ?? false])).toEqual([
      ['api-1', false],
      ['api-2', true],
    ]);
    expect(logsToText(b.entries, { timestamps: false })).toBe('[api-1] ready\n[api-2] pod deleted: its log ended\n');
  });
});
