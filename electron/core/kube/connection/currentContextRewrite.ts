import { CORE_SCHEMA, load as parseYaml } from 'js-yaml';
import { isDeepStrictEqual } from 'node:util';

/** The text with `current-context` changed, or why that cannot be done by editing one line. */
export type RewriteResult = { ok: true; text: string } | { ok: false; reason: string };

const KEY_LINE = /^current-context[ \t]*:(?=[ \t]|$)(.*)$/;
/** A value we can replace safely: plain, single- or double-quoted, then maybe a comment. */
const VALUE = /^[ \t]*(?:'(?:[^']|'')*'|"(?:[^"\\]|\\.)*"|[^\s#'"&*!|>{[\]%@`][^#]*?|)[ \t]*(#.*)?$/;

function quoteLike(name: string, style: string): string {
  if (style === "'") return `'${name.replace(/'/g, "''")}'`;
  if (style === '"') return JSON.stringify(name);
  // A plain scalar only when YAML reads it back as this very string (not a number, bool, null…).
  if (/^[A-Za-z0-9_][A-Za-z0-9._/@:-]*$/.test(name) && !name.endsWith(':')) {
    try {
      if (parseYaml(name, { schema: CORE_SCHEMA }) === name) return name;
    } catch {
      // Falls through to quotes.
    }
  }
  return JSON.stringify(name);
}

function parseMapping(text: string): Record<string, unknown> | null {
  try {
    const doc: unknown = parseYaml(text);
    if (doc === null || doc === undefined) return {};
    return typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * Sets `current-context` in a kubeconfig's text by editing only that line (or adding one at
 * the end), so comments, order, quoting and line endings stay exactly as the user wrote
 * them. Refuses anything that is not a plain block-style YAML mapping (JSON, flow style,
 * several documents, a multi-line value), and checks the result parses to the same document
 * with only `current-context` changed.
 */
export function rewriteCurrentContext(text: string, name: string): RewriteResult {
  const refuse = (why: string): RewriteResult => ({
    ok: false,
    reason: `${why} Berth only edits block-style YAML kubeconfigs; run \`kubectl config use-context ${name}\` instead.`,
  });
  const before = parseMapping(text);
  if (!before) return refuse('The file is not a YAML mapping Berth can read.');
  const bom = text.startsWith('\uFEFF') ? '\uFEFF' : '';
  const body = text.slice(bom.length);
  const firstContent = body.split(/\r?\n/).find((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  if (firstContent !== undefined && /^\s*[{[]/.test(firstContent))
    return refuse('The file is JSON or flow-style YAML.');
  const eol = body.includes('\r\n') ? '\r\n' : '\n';
  const lines = body.split('\n');
  let seenContent = false;
  const hits: number[] = [];
  for (const [index, raw] of lines.entries()) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (/^(---|\.\.\.)(\s|$)/.test(line) && seenContent) return refuse('The file holds several YAML documents.');
    if (line.trim() !== '' && !line.startsWith('#') && !line.startsWith('---')) seenContent = true;
    if (KEY_LINE.test(line)) hits.push(index);
  }
  if (hits.length > 1) return refuse('The file sets current-context more than once.');
  let next: string;
  if (hits.length === 1) {
    const index = hits[0]!;
    const raw = lines[index]!;
    const cr = raw.endsWith('\r') ? '\r' : '';
    const line = cr ? raw.slice(0, -1) : raw;
    const match = KEY_LINE.exec(line)!;
    const rest = match[1]!;
    const value = VALUE.exec(rest);
    const following = lines[index + 1];
    if (!value) return refuse('Its current-context value is not a plain or quoted scalar.');
    const valueText = rest.replace(/[ \t]*(#.*)?$/, '').trim();
    if (valueText === '' && following !== undefined && /^[ \t]+\S/.test(following) && !/^[ \t]+#/.test(following)) {
      return refuse('Its current-context value spans several lines.');
    }
    const comment = value[1] ? ` ${value[1]}` : '';
    const key = line.slice(0, line.length - rest.length);
    const style = valueText.startsWith("'") ? "'" : valueText.startsWith('"') ? '"' : '';
    lines[index] = `${key} ${quoteLike(name, style)}${comment}${cr}`;
    next = bom + lines.join('\n');
  } else {
    const separator = body === '' || body.endsWith('\n') ? '' : eol;
    next = `${bom}${body}${separator}current-context: ${quoteLike(name, '')}${eol}`;
  }
  const after = parseMapping(next);
  const { ['current-context']: _old, ...rest } = before;
  const { ['current-context']: written, ...restAfter } = after ?? {};
  if (!after || written !== name || !isDeepStrictEqual(rest, restAfter)) {
    return refuse('Changing its current-context line alone would not give the intended file.');
  }
  return { ok: true, text: next };
}
