import { StringDecoder } from 'node:string_decoder';

const ITEMS = '"items":[';
/** Items are looked for once this much text has come in: about ten pods. */
const BATCH_LENGTH = 32 * 1024;
/** Text read without finding the items array: past this the body is not one this splitter recognises. */
const MAX_HEAD_LENGTH = 64 * 1024;
/** Cuts tried per look: each failed one costs a parse of the text so far. */
const MAX_CUTS_TRIED = 4;

/**
 * A list response (`{"kind":"PodList","metadata":{…},"items":[{…},{…}]}`) parsed as its bytes
 * arrive: each run of complete items is parsed and handed on as soon as it is in, so a page
 * of thousands of pods is never held whole (as bytes, as text, or as objects waiting for the
 * last one), and parsing overlaps the transfer.
 *
 * Items are found without reading the text character by character in JavaScript (several
 * times slower than JSON.parse itself): the items of one list all begin alike
 * (`{"metadata":` for built-in kinds), so the last `},{"metadata":` of the text so far is
 * taken as the end of an item, and JSON.parse confirms it. A cut inside an item cannot parse
 * (that item's opening brace stays unclosed), so a wrong guess costs one parse, never data.
 * A body this does not recognise (pretty-printed, no items array) is parsed whole at the end.
 */
export class ListSplitter {
  private readonly decoder = new StringDecoder('utf8');
  /** Text not handed on yet: the head until the items array is found, then items and what follows them. */
  private pending = '';
  /** The body before its items, parsed (with `items` empty), once found. */
  private head: Record<string, unknown> | undefined;
  private headSearchFrom = 0;
  /** What separates two items: `},` and the first item's opening up to its first key. */
  private separator: string | undefined;
  private readonly maxPendingLength: number;
  private readonly batchLength: number;
  private readonly onHead: ((head: Record<string, unknown>) => void) | undefined;
  /** Characters in since items were last looked for. */
  private unread = 0;
  /** A cut that did not parse (inside an item): not tried again. */
  private failedCut = -1;
  /** No items array near the start (a pretty-printed body): read whole at the end, not searched again per chunk. */
  private unrecognised = false;

  constructor(
    private readonly parse: (text: string) => unknown,
    private readonly onItems: (items: unknown[]) => void,
    options: {
      /** Text that long without a complete item is an error, not memory spent. */
      maxPendingLength?: number;
      /** How much text comes in between two looks for complete items. */
      batchLength?: number;
      /** The body before its items, parsed, as soon as it is in (a list's metadata comes first). */
      onHead?: (head: Record<string, unknown>) => void;
    } = {},
  ) {
    this.maxPendingLength = options.maxPendingLength ?? 64 * 1024 * 1024;
    this.batchLength = options.batchLength ?? BATCH_LENGTH;
    this.onHead = options.onHead;
  }

  push(chunk: Buffer): void {
    const text = this.decoder.write(chunk);
    this.pending += text;
    this.unread += text.length;
    // The head is looked for in every chunk (its continue token lets the next page be asked for
    // early); items only every batch: sockets deliver a few kB at a time, and parsing every few
    // objects would cost more calls than it saves.
    const headFound = this.head !== undefined || (!this.unrecognised && this.findHead());
    if (headFound && this.unread >= this.batchLength) {
      this.unread = 0;
      this.takeItems();
    }
    if (this.pending.length > this.maxPendingLength) {
      throw new Error(`the list response has an object longer than ${this.maxPendingLength} characters`);
    }
  }

  /** The body without its items (they went to `onItems`); throws if the response is cut short or not JSON. */
  end(): Record<string, unknown> {
    const text = this.pending + this.decoder.end();
    this.pending = '';
    let rest: Record<string, unknown>;
    try {
      rest = this.parse(this.head ? `{"items":[${text}` : text) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`the list response ended early or is not JSON (${(error as Error).message})`, { cause: error });
    }
    if (typeof rest !== 'object' || rest === null) throw new Error('the list response is not a JSON object');
    if (Array.isArray(rest.items)) this.onItems(rest.items as unknown[]);
    return { ...this.head, ...rest, items: [] };
  }

  /** The items array's opening, at the top level: the text before it parses as an object once closed. */
  private findHead(): boolean {
    let at = this.pending.indexOf(ITEMS, this.headSearchFrom);
    for (; at !== -1; at = this.pending.indexOf(ITEMS, at + 1)) {
      const end = at + ITEMS.length;
      try {
        this.head = JSON.parse(`${this.pending.slice(0, end)}]}`) as Record<string, unknown>;
      } catch {
        continue; // an "items" inside something else
      }
      this.pending = this.pending.slice(end);
      this.onHead?.(this.head);
      return true;
    }
    this.headSearchFrom = Math.max(0, this.pending.length - ITEMS.length);
    // A list's head is its kind, apiVersion and metadata: a few hundred bytes (a Table's columns, a few kB).
    if (this.pending.length > MAX_HEAD_LENGTH) this.unrecognised = true;
    return false;
  }

  private takeItems(): void {
    if (!this.separator) {
      const key = this.pending.indexOf('":');
      if (!this.pending.startsWith('{"') || key === -1) return;
      this.separator = `},${this.pending.slice(0, key + 2)}`;
    }
    // The last separator may be inside an item (an array of objects that begin alike, such as a
    // StatefulSet's volumeClaimTemplates): a few earlier ones are tried before waiting for more.
    let cut = this.pending.lastIndexOf(this.separator);
    let items: unknown;
    for (let tries = 0; ; tries += 1) {
      if (cut <= 0 || cut === this.failedCut || tries === MAX_CUTS_TRIED) return;
      try {
        items = this.parse(`[${this.pending.slice(0, cut + 1)}]`);
        break;
      } catch {
        if (tries === 0) this.failedCut = cut;
        cut = this.pending.lastIndexOf(this.separator, cut - 1);
      }
    }
    this.pending = this.pending.slice(cut + 2);
    this.failedCut = -1;
    this.onItems(items as unknown[]);
  }
}
