/**
 * Keystrokes to a remote shell, in order: one request in flight at a time, and what
 * the user types meanwhile is sent together next (pastes become a few large requests,
 * not thousands of tiny ones). Batches respect the backend's input size limit.
 */
export const MAX_INPUT_CHARS = 64 * 1024;

export class InputQueue {
  private waiting = '';
  private busy = false;
  private closed = false;

  constructor(
    private readonly send: (data: string) => Promise<void>,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  push(data: string): void {
    if (this.closed || !data) return;
    this.waiting += data;
    void this.pump();
  }

  /** Drops what has not been sent; later pushes are ignored. */
  close(): void {
    this.closed = true;
    this.waiting = '';
  }

  /** Characters not sent yet. */
  get pending(): number {
    return this.waiting.length;
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.waiting && !this.closed) {
        let cut = Math.min(this.waiting.length, MAX_INPUT_CHARS);
        // Never split a surrogate pair between two requests.
        const last = this.waiting.charCodeAt(cut - 1);
        if (cut < this.waiting.length && last >= 0xd800 && last <= 0xdbff) cut -= 1;
        const batch = this.waiting.slice(0, cut);
        this.waiting = this.waiting.slice(cut);
        try {
          await this.send(batch);
        } catch (error) {
          this.onError(error);
        }
      }
    } finally {
      this.busy = false;
    }
  }
}
