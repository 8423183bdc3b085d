import type { DiffLine } from '../../../../shared/kube/edit';

/** Unchanged lines shown around each change; longer runs are folded. */
const CONTEXT_LINES = 3;
/** Past this many differing lines the diff is shown as all removed then all added (bounded memory). */
const MAX_EDITS = 2_000;

/**
 * The shortest edit script between two texts' lines (Myers, O((N+M)·D)): cheap for the
 * usual edit of a few lines in an object of thousands.
 */
function editScript(a: string[], b: string[]): Array<{ op: 'same' | 'removed' | 'added'; text: string }> {
  const max = a.length + b.length;
  const offset = max + 1;
  let v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    if (d > MAX_EDITS) {
      return [
        ...a.map((text) => ({ op: 'removed' as const, text })),
        ...b.map((text) => ({ op: 'added' as const, text })),
      ];
    }
    trace.push(v.slice());
    const next = v.slice();
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= a.length && y >= b.length) {
        found = true;
        break;
      }
    }
    v = next;
  }
  // Walk back through the saved frontiers.
  const script: Array<{ op: 'same' | 'removed' | 'added'; text: string }> = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const frontier = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && frontier[offset + k - 1]! < frontier[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : frontier[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      y--;
      script.push({ op: 'same', text: a[--x]! });
    }
    if (d > 0) {
      if (x === prevX) script.push({ op: 'added', text: b[--y]! });
      else script.push({ op: 'removed', text: a[--x]! });
    }
  }
  return script.reverse();
}

/** A line diff of two YAML texts, unchanged runs longer than the context folded. */
export function lineDiff(before: string, after: string): { lines: DiffLine[]; changed: number } {
  const split = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));
  const script = editScript(split(before), split(after));
  const shown = new Uint8Array(script.length);
  let changed = 0;
  for (const [index, line] of script.entries()) {
    if (line.op === 'same') continue;
    changed++;
    shown.fill(1, Math.max(0, index - CONTEXT_LINES), index + CONTEXT_LINES + 1);
  }
  const lines: DiffLine[] = [];
  let folded = 0;
  for (const [index, line] of script.entries()) {
    if (!shown[index]) {
      folded++;
      continue;
    }
    if (folded > 0) lines.push({ op: 'folded', count: folded });
    folded = 0;
    lines.push(line);
  }
  if (folded > 0) lines.push({ op: 'folded', count: folded });
  return { lines, changed };
}
