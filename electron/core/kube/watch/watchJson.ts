/**
 * The API server's JSON for watches and lists, parsed without `metadata.managedFields`: about
 * a third of a pod's bytes that no row, health, reference or metric reads (the details panel
 * and the YAML editor fetch the object afresh and drop them themselves). Cutting them out of
 * the text before JSON.parse is cheaper than parsing them and throwing them away.
 */

const KEY = '"managedFields":[';
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const CLOSE_BRACE = 0x7d;

/** A quote at `at` escaped by an odd run of backslashes is inside a string. */
function escaped(text: string, at: number): boolean {
  let n = 0;
  while (text.charCodeAt(at - 1 - n) === BACKSLASH) n++;
  return n % 2 === 1;
}

/** Just past the JSON array or object opening at `open`, skipping strings; -1 when the text ends first. */
function endOfValue(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Jump to the string's closing quote: most of managedFields' bytes are keys.
      let q = i;
      do {
        q = text.indexOf('"', q + 1);
        if (q === -1) return -1;
      } while (escaped(text, q));
      i = q;
    } else if (c === 0x5b || c === 0x7b) depth++;
    else if ((c === 0x5d || c === 0x7d) && --depth === 0) return i + 1;
  }
  return -1;
}

/**
 * Just past the managedFields array opening at `open`, found without reading it: its entries
 * hold objects and strings, never an array, so it ends at the first `]` outside a string, and
 * that is nearly always the first `]` at all (taken when an array's end can follow it). A `]`
 * inside a string taken so cuts the text where it cannot parse: see parseApiJson.
 */
function quickEnd(text: string, open: number): number {
  const close = text.indexOf(']', open + 1);
  if (close === -1) return -1;
  const next = text.charCodeAt(close + 1);
  return next === CLOSE_BRACE || next === COMMA ? close + 1 : endOfValue(text, open);
}

/**
 * `text` with every `"managedFields":[…]` member removed (compact JSON, as API servers send
 * it). A key-like text inside a string value is left alone: its quote is escaped there.
 * `exact` reads each array to its end rather than taking its first `]`.
 */
export function withoutManagedFields(text: string, exact = false): string {
  let at = text.indexOf(KEY);
  if (at === -1) return text;
  let kept = '';
  let from = 0;
  while (at !== -1) {
    if (text.charCodeAt(at - 1) === BACKSLASH) {
      at = text.indexOf(KEY, at + KEY.length);
      continue;
    }
    const end = (exact ? endOfValue : quickEnd)(text, at + KEY.length - 1);
    if (end === -1) break;
    // Take one of the commas around it with it: `{…,"managedFields":[…]}` or `{"managedFields":[…],…}`.
    let cutFrom = at;
    let cutTo = end;
    if (text.charCodeAt(cutFrom - 1) === COMMA) cutFrom -= 1;
    else if (text.charCodeAt(cutTo) === COMMA) cutTo += 1;
    kept += text.slice(from, cutFrom);
    from = cutTo;
    at = text.indexOf(KEY, from);
  }
  return kept + text.slice(from);
}

/**
 * Parses one API server body or watch line without its managedFields. A quick cut that does
 * not parse (a `]` in a manager's name) is made again exactly, and text that does not parse
 * once cut is parsed whole: an unexpected shape costs time, never data. A quick cut cannot
 * parse unless it is right: up to a `]` before the array's end, it leaves that array's `[`
 * unclosed or a string open. Text that is not JSON at all throws, as JSON.parse does.
 */
export function parseApiJson(text: string): unknown {
  const slim = withoutManagedFields(text);
  if (slim === text) return JSON.parse(text);
  try {
    return JSON.parse(slim);
  } catch {
    try {
      return JSON.parse(withoutManagedFields(text, true));
    } catch {
      return JSON.parse(text);
    }
  }
}
