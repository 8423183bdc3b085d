import { describe, expect, it } from 'vitest';
import { ansiClassName, ansiInlineStyle, applySgr, paletteColor, parseAnsi } from './ansi';

describe('parseAnsi', () => {
  it('returns plain text unchanged as one unstyled segment', () => {
    const r = parseAnsi('hello world');
    expect(r.segments).toEqual([{ text: 'hello world', style: {} }]);
    expect(r.plain).toBe('hello world');
    expect(r.state).toEqual({});
  });

  it('colours text with the 8 base foreground colours and resets with 0', () => {
    const r = parseAnsi('\x1b[31mred\x1b[0m plain');
    expect(r.segments).toEqual([
      { text: 'red', style: { fg: { palette: 1 } } },
      { text: ' plain', style: {} },
    ]);
    expect(r.plain).toBe('red plain');
  });

  it('treats an empty SGR (ESC [ m) as a reset', () => {
    const r = parseAnsi('\x1b[1;32mok\x1b[m done');
    expect(r.segments[0]).toEqual({ text: 'ok', style: { bold: true, fg: { palette: 2 } } });
    expect(r.segments[1]).toEqual({ text: ' done', style: {} });
  });

  it('understands bright colours, backgrounds and their defaults', () => {
    expect(parseAnsi('\x1b[91ma').segments[0]!.style).toEqual({ fg: { palette: 9 } });
    expect(parseAnsi('\x1b[104ma').segments[0]!.style).toEqual({ bg: { palette: 12 } });
    expect(parseAnsi('\x1b[31;42mx\x1b[39my').segments[1]!.style).toEqual({ bg: { palette: 2 } });
    expect(parseAnsi('\x1b[31;42mx\x1b[49my').segments[1]!.style).toEqual({ fg: { palette: 1 } });
  });

  it('reads 256-colour and true-colour foregrounds and backgrounds', () => {
    expect(parseAnsi('\x1b[38;5;208mo').segments[0]!.style).toEqual({ fg: { palette: 208 } });
    expect(parseAnsi('\x1b[48;5;17mo').segments[0]!.style).toEqual({ bg: { palette: 17 } });
    expect(parseAnsi('\x1b[38;2;255;128;0mo').segments[0]!.style).toEqual({ fg: { rgb: [255, 128, 0] } });
    // Colon-separated form, as some programs emit.
    expect(parseAnsi('\x1b[38:5:3mo').segments[0]!.style).toEqual({ fg: { palette: 3 } });
  });

  it('continues after an extended colour with further attributes', () => {
    expect(parseAnsi('\x1b[38;5;10;1mx').segments[0]!.style).toEqual({ fg: { palette: 10 }, bold: true });
    expect(parseAnsi('\x1b[38;2;1;2;3;4mx').segments[0]!.style).toEqual({ fg: { rgb: [1, 2, 3] }, underline: true });
  });

  it('clamps out-of-range true colours and ignores invalid palette indices', () => {
    expect(parseAnsi('\x1b[38;2;999;0;20mx').segments[0]!.style).toEqual({ fg: { rgb: [255, 0, 20] } });
    // A minus sign is not a CSI parameter byte: the whole sequence is malformed and dropped.
    expect(parseAnsi('\x1b[38;2;1;-1;20mx').plain).toBe('x');
    expect(parseAnsi('\x1b[38;5;300mx').segments[0]!.style).toEqual({});
    expect(parseAnsi('\x1b[38;5mx').segments[0]!.style).toEqual({});
    expect(parseAnsi('\x1b[38;2;10mx').segments[0]!.style).toEqual({});
  });

  it('handles bold, dim, italic, underline, inverse, strike and their resets', () => {
    const s = applySgr({}, [1, 2, 3, 4, 7, 9]);
    expect(s).toEqual({ bold: true, dim: true, italic: true, underline: true, inverse: true, strike: true });
    expect(applySgr(s, [22, 23, 24, 27, 29])).toEqual({});
  });

  it('carries the style into the next line and starts from the given state', () => {
    const first = parseAnsi('\x1b[33mwarn start');
    expect(first.state).toEqual({ fg: { palette: 3 } });
    const second = parseAnsi('still yellow\x1b[0m', first.state);
    expect(second.segments).toEqual([{ text: 'still yellow', style: { fg: { palette: 3 } } }]);
    expect(second.state).toEqual({});
  });

  it('strips cursor movement, erase, OSC titles and hyperlinks, and charset escapes', () => {
    expect(parseAnsi('\x1b[2K\x1b[1Gprogress\x1b[?25l').plain).toBe('progress');
    expect(parseAnsi('\x1b]0;my title\x07after').plain).toBe('after');
    expect(parseAnsi('\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\').plain).toBe('link');
    expect(parseAnsi('\x1b(Babc\x1b=').plain).toBe('abc');
  });

  it('drops malformed and unterminated sequences without showing their bytes', () => {
    expect(parseAnsi('a\x1b[31').plain).toBe('a');
    expect(parseAnsi('a\x1b').plain).toBe('a');
    expect(parseAnsi('a\x1b]0;unterminated title').plain).toBe('a');
    // A non-numeric SGR body is not applied, and not shown.
    const r = parseAnsi('x\x1b[3?1my');
    expect(r.plain).toBe('xy');
    expect(r.segments.every((s) => Object.keys(s.style).length === 0)).toBe(true);
  });

  it('removes control characters but keeps tabs and all printable Unicode', () => {
    expect(parseAnsi('a\tb\r\x07\x08c\x00').plain).toBe('a\tbc');
    expect(parseAnsi('naïve – 日本 🐳').plain).toBe('naïve – 日本 🐳');
  });

  it('keeps markup as literal text', () => {
    const line = '\x1b[31mred\x1b[0m <b>bold</b> <img src=x onerror=alert(1)>';
    const r = parseAnsi(line);
    expect(r.plain).toBe('red <b>bold</b> <img src=x onerror=alert(1)>');
    expect(r.segments[1]!.text).toBe(' <b>bold</b> <img src=x onerror=alert(1)>');
  });

  it('merges adjacent segments that end up with the same style', () => {
    const r = parseAnsi('a\x1b[0mb\x1b[31m\x1b[31mc\x1b[31md');
    expect(r.segments).toEqual([
      { text: 'ab', style: {} },
      { text: 'cd', style: { fg: { palette: 1 } } },
    ]);
  });

  it('understands the 8-bit CSI introducer', () => {
    expect(parseAnsi('\x9b32mgreen').segments[0]).toEqual({ text: 'green', style: { fg: { palette: 2 } } });
  });
});

describe('ansi styling helpers', () => {
  it('uses theme classes for the 16 base colours and attributes', () => {
    expect(ansiClassName({ fg: { palette: 1 }, bold: true })).toBe('ansi-fg-1 ansi-bold');
    expect(ansiClassName({ bg: { palette: 9 }, underline: true })).toBe('ansi-bg-9 ansi-underline');
    expect(ansiInlineStyle({ fg: { palette: 1 } })).toBeUndefined();
  });

  it('swaps colours for inverse video', () => {
    expect(ansiClassName({ fg: { palette: 1 }, inverse: true })).toBe('ansi-fg-inverse ansi-bg-1');
    expect(ansiClassName({ inverse: true })).toBe('ansi-fg-inverse ansi-bg-inverse');
  });

  it('gives inline colours for 256-colour and true colour', () => {
    expect(ansiInlineStyle({ fg: { palette: 196 } })).toEqual({ color: 'rgb(255, 0, 0)' });
    expect(ansiInlineStyle({ bg: { rgb: [1, 2, 3] } })).toEqual({ backgroundColor: 'rgb(1, 2, 3)' });
  });

  it('maps the 256-colour cube and grey ramp like xterm', () => {
    expect(paletteColor(16)).toBe('rgb(0, 0, 0)');
    expect(paletteColor(21)).toBe('rgb(0, 0, 255)');
    expect(paletteColor(231)).toBe('rgb(255, 255, 255)');
    expect(paletteColor(232)).toBe('rgb(8, 8, 8)');
    expect(paletteColor(255)).toBe('rgb(238, 238, 238)');
  });
});
