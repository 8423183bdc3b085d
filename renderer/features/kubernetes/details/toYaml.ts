/**
 * A Kubernetes object (plain JSON) as YAML text, the way kubectl prints it: block style,
 * sequences not indented under their key, multi-line strings as `|` blocks, anything that
 * could read as another type (true, 1.0, a date, "") double-quoted. The result is shown as
 * text, never parsed or rendered as markup.
 */

const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;
const NUMBER_LIKE = /^[-+]?(\.?\d[\d._]*([eE][-+]?\d+)?|0[xo][\da-f]+|\.inf|\.nan)$/i;
const TIME_LIKE = /^\d{4}-\d\d-\d\d|^\d+(:\d+)+/;
/** Characters that start or contain YAML syntax are left out of plain scalars. */
const PLAIN = /^(-(?=[A-Za-z0-9_./-])|[A-Za-z0-9_./])[A-Za-z0-9_ ./:@,()+=$%^&*;<>?|'"-]*$/;

function isPlain(text: string): boolean {
  return (
    PLAIN.test(text) &&
    !text.endsWith(' ') &&
    !text.endsWith(':') &&
    !text.includes(': ') &&
    !text.includes(' #') &&
    !RESERVED.test(text) &&
    !NUMBER_LIKE.test(text) &&
    !TIME_LIKE.test(text)
  );
}

/** A double-quoted YAML scalar: JSON's string escapes are valid YAML ones. */
function quoted(text: string): string {
  return JSON.stringify(text);
}

function yamlKey(key: string): string {
  return isPlain(key) ? key : quoted(key);
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  const text = typeof value === 'string' ? value : String(value);
  return isPlain(text) ? text : quoted(text);
}

/** Tabs, carriage returns and other control characters only survive double quotes. */
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 32 && code !== 10) || code === 127) return true;
  }
  return false;
}

/** A multi-line string as a literal block, when its text survives one exactly. */
function literalBlock(text: string): { header: string; lines: string[] } | null {
  if (!text.includes('\n') || hasControl(text)) return null;
  if (text.startsWith(' ') || text.startsWith('\n') || text.endsWith('\n\n')) return null;
  const keep = text.endsWith('\n');
  const body = keep ? text.slice(0, -1) : text;
  if (body.split('\n').some((line) => line !== line.trimEnd())) return null;
  return { header: keep ? '|' : '|-', lines: body.split('\n') };
}

function isCollection(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

function isEmptyCollection(value: Record<string, unknown> | unknown[]): boolean {
  return Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0;
}

/** A scalar (or an empty collection) after `prefix`; continuation lines at `indent`. */
function inline(value: unknown, prefix: string, indent: string): string[] {
  if (isCollection(value)) return [`${prefix}${Array.isArray(value) ? '[]' : '{}'}`];
  if (typeof value === 'string') {
    const block = literalBlock(value);
    if (block) return [`${prefix}${block.header}`, ...block.lines.map((line) => (line ? `${indent}${line}` : ''))];
  }
  return [`${prefix}${scalar(value)}`];
}

function block(value: Record<string, unknown> | unknown[], indent: string): string[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (isCollection(item) && !isEmptyCollection(item)) {
        const inner = block(item, `${indent}  `);
        inner[0] = `${indent}- ${inner[0]!.slice(indent.length + 2)}`;
        return inner;
      }
      return inline(item, `${indent}- `, `${indent}  `);
    });
  }
  return Object.entries(value).flatMap(([key, item]) => {
    if (item === undefined) return [];
    const head = `${indent}${yamlKey(key)}:`;
    if (isCollection(item) && !isEmptyCollection(item)) {
      // kubectl style: a sequence's dashes line up with its key.
      return [head, ...block(item, Array.isArray(item) ? indent : `${indent}  `)];
    }
    return inline(item, `${head} `, `${indent}  `);
  });
}

export function toYaml(value: unknown): string {
  if (!isCollection(value) || isEmptyCollection(value)) return `${inline(value, '', '  ').join('\n')}\n`;
  return `${block(value, '').join('\n')}\n`;
}
