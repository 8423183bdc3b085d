/**
 * A small ANSI SGR parser for log lines: turns text with escape sequences into styled
 * segments of plain text. Only SGR (`ESC [ … m`) is interpreted; every other escape or
 * control sequence is stripped. The output is data for React text nodes, never markup.
 */

/** A colour: one of the 256 palette entries (0–15 themed by CSS), or a true colour. */
export type AnsiColor = { palette: number } | { rgb: [number, number, number] };

export interface AnsiStyle {
  fg?: AnsiColor;
  bg?: AnsiColor;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strike?: boolean;
}

export interface AnsiSegment {
  text: string;
  style: AnsiStyle;
}

export interface AnsiResult {
  segments: AnsiSegment[];
  /** The text without any escape sequence (what search and copy use). */
  plain: string;
  /** The style in force at the end, to carry into the next line of the same stream. */
  state: AnsiStyle;
}

const ESC = '\x1b';

function clampByte(n: number | undefined): number {
  if (n === undefined || !Number.isFinite(n)) return 0;
  return Math.max(0, Math.min(255, n));
}

/**
 * Reads an extended colour (38/48/58) starting at `params[i]` (the 38/48 itself).
 * Returns the colour (or undefined when malformed) and how many params were consumed.
 */
function extendedColor(params: number[], i: number): { color?: AnsiColor; used: number } {
  const mode = params[i + 1];
  if (mode === 5) {
    const index = params[i + 2];
    if (index === undefined || index < 0 || index > 255) return { used: Math.min(3, params.length - i) };
    return { color: { palette: index }, used: 3 };
  }
  if (mode === 2) {
    const rgb = params.slice(i + 2, i + 5);
    if (rgb.length < 3) return { used: params.length - i };
    return { color: { rgb: [clampByte(rgb[0]), clampByte(rgb[1]), clampByte(rgb[2])] }, used: 5 };
  }
  // Unknown sub-mode: ignore the rest of the sequence, as terminals do.
  return { used: params.length - i };
}

/** Applies one SGR parameter list to a style (a new object; the input is not changed). */
export function applySgr(style: AnsiStyle, params: number[]): AnsiStyle {
  let next: AnsiStyle = { ...style };
  if (params.length === 0) return {};
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p === 0) next = {};
    else if (p === 1) next.bold = true;
    else if (p === 2) next.dim = true;
    else if (p === 3) next.italic = true;
    else if (p === 4) next.underline = true;
    else if (p === 7) next.inverse = true;
    else if (p === 9) next.strike = true;
    else if (p === 21 || p === 22) {
      delete next.bold;
      delete next.dim;
    } else if (p === 23) delete next.italic;
    else if (p === 24) delete next.underline;
    else if (p === 27) delete next.inverse;
    else if (p === 29) delete next.strike;
    else if (p >= 30 && p <= 37) next.fg = { palette: p - 30 };
    else if (p === 39) delete next.fg;
    else if (p >= 40 && p <= 47) next.bg = { palette: p - 40 };
    else if (p === 49) delete next.bg;
    else if (p >= 90 && p <= 97) next.fg = { palette: p - 90 + 8 };
    else if (p >= 100 && p <= 107) next.bg = { palette: p - 100 + 8 };
    else if (p === 38 || p === 48 || p === 58) {
      const { color, used } = extendedColor(params, i);
      if (color && p === 38) next.fg = color;
      if (color && p === 48) next.bg = color;
      i += used - 1;
    }
    // Anything else (blink, fonts, overline…) is ignored.
  }
  return next;
}

function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isFinalByte(code: number): boolean {
  return code >= 0x40 && code <= 0x7e;
}

/**
 * Parses one line. `initial` is the style carried from the previous line of the same
 * stream. Malformed or unterminated sequences are dropped, never shown half-parsed.
 */
export function parseAnsi(input: string, initial: AnsiStyle = {}): AnsiResult {
  const segments: AnsiSegment[] = [];
  let style = initial;
  let text = '';
  let plain = '';

  const flush = (): void => {
    if (!text) return;
    const last = segments[segments.length - 1];
    if (last && sameStyle(last.style, style)) last.text += text;
    else segments.push({ text, style });
    plain += text;
    text = '';
  };

  let i = 0;
  const n = input.length;
  while (i < n) {
    const ch = input[i]!;
    const code = ch.charCodeAt(0);
    if (ch === ESC || code === 0x9b) {
      const csi = code === 0x9b || input[i + 1] === '[';
      if (csi) {
        // CSI: parameter bytes 0x30–0x3f, intermediates 0x20–0x2f, one final byte.
        let j = i + (code === 0x9b ? 1 : 2);
        while (j < n && input.charCodeAt(j) >= 0x30 && input.charCodeAt(j) <= 0x3f) j++;
        const paramText = input.slice(i + (code === 0x9b ? 1 : 2), j);
        while (j < n && input.charCodeAt(j) >= 0x20 && input.charCodeAt(j) <= 0x2f) j++;
        if (j < n && input.charCodeAt(j) >= 0x30 && input.charCodeAt(j) <= 0x3f) {
          // A parameter byte after an intermediate: the sequence is invalid. Like xterm,
          // ignore everything up to and including its final byte.
          while (j < n && input.charCodeAt(j) >= 0x20 && input.charCodeAt(j) <= 0x3f) j++;
          i = j < n && isFinalByte(input.charCodeAt(j)) ? j + 1 : j;
          continue;
        }
        if (j >= n || !isFinalByte(input.charCodeAt(j))) {
          // Unterminated or broken: drop the introducer and what we consumed.
          i = j;
          continue;
        }
        const final = input[j];
        if (final === 'm' && /^[\d;:]*$/.test(paramText)) {
          flush();
          const params = paramText === '' ? [] : paramText.split(/[;:]/).map((s) => (s === '' ? 0 : Number(s)));
          style = applySgr(style, params);
        }
        i = j + 1;
        continue;
      }
      const next = input[i + 1];
      if (next === ']' || next === 'P' || next === '_' || next === '^' || next === 'X') {
        // OSC / DCS / APC / PM / SOS: a string ended by BEL or ST (ESC \).
        let j = i + 2;
        while (j < n && input[j] !== '\x07' && !(input[j] === ESC && input[j + 1] === '\\')) j++;
        i = j >= n ? n : input[j] === '\x07' ? j + 1 : j + 2;
        continue;
      }
      if (next === undefined) {
        i += 1;
        continue;
      }
      // Two- or three-byte escapes (ESC ( B, ESC =, ESC 7…): intermediates then one final byte.
      let j = i + 1;
      while (j < n && input.charCodeAt(j) >= 0x20 && input.charCodeAt(j) <= 0x2f) j++;
      i = Math.min(n, j + 1);
      continue;
    }
    if (code === 0x09) {
      text += ch;
    } else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) {
      // Other C0/C1 controls (BEL, backspace, CR…) are not printable: drop them.
    } else {
      text += ch;
    }
    i++;
  }
  flush();
  return { segments, plain, state: style };
}

/** CSS class names for the themed attributes and the 16 base colours. */
export function ansiClassName(style: AnsiStyle): string {
  const names: string[] = [];
  const fg = style.inverse ? style.bg : style.fg;
  const bg = style.inverse ? style.fg : style.bg;
  if (fg && 'palette' in fg && fg.palette < 16) names.push(`ansi-fg-${fg.palette}`);
  else if (style.inverse && !fg) names.push('ansi-fg-inverse');
  if (bg && 'palette' in bg && bg.palette < 16) names.push(`ansi-bg-${bg.palette}`);
  else if (style.inverse && !bg) names.push('ansi-bg-inverse');
  if (style.bold) names.push('ansi-bold');
  if (style.dim) names.push('ansi-dim');
  if (style.italic) names.push('ansi-italic');
  if (style.underline) names.push('ansi-underline');
  if (style.strike) names.push('ansi-strike');
  return names.join(' ');
}

/** The xterm 256-colour palette above 15, as CSS colours. */
export function paletteColor(index: number): string {
  if (index >= 232) {
    const v = 8 + (index - 232) * 10;
    return `rgb(${v}, ${v}, ${v})`;
  }
  const i = index - 16;
  const levels = [0, 95, 135, 175, 215, 255];
  const r = levels[Math.floor(i / 36) % 6]!;
  const g = levels[Math.floor(i / 6) % 6]!;
  const b = levels[i % 6]!;
  return `rgb(${r}, ${g}, ${b})`;
}

function cssColor(color: AnsiColor | undefined): string | undefined {
  if (!color) return undefined;
  if ('rgb' in color) return `rgb(${color.rgb[0]}, ${color.rgb[1]}, ${color.rgb[2]})`;
  return color.palette >= 16 ? paletteColor(color.palette) : undefined;
}

/** Inline colours for what a class cannot express (256-colour and true colour). */
export function ansiInlineStyle(style: AnsiStyle): { color?: string; backgroundColor?: string } | undefined {
  const color = cssColor(style.inverse ? style.bg : style.fg);
  const backgroundColor = cssColor(style.inverse ? style.fg : style.bg);
  if (!color && !backgroundColor) return undefined;
  return { ...(color ? { color } : {}), ...(backgroundColor ? { backgroundColor } : {}) };
}
