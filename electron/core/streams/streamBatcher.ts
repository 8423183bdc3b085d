import type { StreamChunk } from '../../../shared/collection';

export interface StreamBatcherOptions<Item> {
  /** How often pending items are sent (logs: 50–100 ms). */
  intervalMs?: number;
  /** Most pending weight kept; beyond it the OLDEST items are dropped and counted. */
  maxPending?: number;
  /** Weight of an item (default 1: lines; exec output weighs by characters). */
  weigh?: (item: Item) => number;
}

/**
 * Turns a fast, bursty item source (log lines, terminal output) into StreamChunks sent
 * at most once per interval, with bounded memory: when more than `maxPending` piles up
 * between two sends, the oldest items are dropped and the next chunk says how many.
 * A live view wants the newest output, so the oldest is what goes.
 */
export class StreamBatcher<Item> {
  private pending: Item[] = [];
  private pendingWeight = 0;
  private dropped = 0;
  private seq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private ended = false;
  private readonly intervalMs: number;
  private readonly maxPending: number;
  private readonly weigh: (item: Item) => number;

  constructor(
    private readonly emit: (chunk: StreamChunk<Item>) => void,
    options: StreamBatcherOptions<Item> = {},
  ) {
    this.intervalMs = options.intervalMs ?? 75;
    this.maxPending = options.maxPending ?? 5000;
    this.weigh = options.weigh ?? (() => 1);
  }

  get isEnded(): boolean {
    return this.ended;
  }

  push(items: readonly Item[]): void {
    if (this.ended || items.length === 0) return;
    for (const item of items) {
      this.pending.push(item);
      this.pendingWeight += this.weigh(item);
    }
    if (this.pendingWeight > this.maxPending) this.dropOldest();
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  /** Sends what is pending now. */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.ended || (this.pending.length === 0 && this.dropped === 0)) return;
    this.send();
  }

  /** Sends what is pending, then the end of the stream with its reason. Later pushes are ignored. */
  end(reason: string): void {
    if (this.ended) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.send({ reason });
    this.ended = true;
  }

  /** Stops without sending anything more (the subscriber left). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.ended = true;
    this.pending = [];
  }

  private send(end?: { reason: string }): void {
    const chunk: StreamChunk<Item> = { seq: this.seq++, items: this.pending, dropped: this.dropped };
    if (end) chunk.end = end;
    this.pending = [];
    this.pendingWeight = 0;
    this.dropped = 0;
    this.emit(chunk);
  }

  private dropOldest(): void {
    let cut = 0;
    while (this.pendingWeight > this.maxPending && cut < this.pending.length) {
      this.pendingWeight -= this.weigh(this.pending[cut]!);
      cut += 1;
    }
    this.pending = this.pending.slice(cut);
    this.dropped += cut;
  }
}
