/**
 * Cuts a byte stream into lines. Works on bytes, not strings, so a UTF-8 character
 * split across chunks is decoded whole. A line longer than `maxLineBytes` is emitted in
 * pieces, so one endless line cannot grow memory without bound.
 */
export class LineSplitter {
  private partial: Buffer[] = [];
  private partialLength = 0;
  /** The line being read was already cut into pieces: its end adds no empty piece. */
  private cut = false;

  constructor(private readonly maxLineBytes = 64 * 1024) {}

  push(data: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (let i = data.indexOf(0x0a); i !== -1; i = data.indexOf(0x0a, start)) {
      this.partial.push(data.subarray(start, i));
      const rest = this.partialLength + (i - start) > 0 || !this.cut;
      const line = this.take();
      if (rest) lines.push(line);
      start = i + 1;
    }
    if (start < data.length) {
      this.partial.push(data.subarray(start));
      this.partialLength += data.length - start;
      while (this.partialLength >= this.maxLineBytes) {
        const all = Buffer.concat(this.partial);
        // Cut on a UTF-8 character boundary (never before a continuation byte 10xxxxxx).
        let cut = this.maxLineBytes;
        while (cut > 0 && (all[cut]! & 0xc0) === 0x80) cut -= 1;
        lines.push(all.subarray(0, cut).toString('utf8'));
        this.partial = [all.subarray(cut)];
        this.partialLength = all.length - cut;
        this.cut = true;
      }
    }
    return lines;
  }

  /** The unterminated last line, if any (at the end of the stream). */
  flush(): string[] {
    if (this.partial.length === 0 || this.partialLength === 0) {
      this.partial = [];
      return [];
    }
    return [this.take()];
  }

  private take(): string {
    // Most lines arrive whole in one chunk: decode that slice without copying it first.
    const text = (this.partial.length === 1 ? this.partial[0]! : Buffer.concat(this.partial)).toString('utf8');
    this.partial = [];
    this.partialLength = 0;
    this.cut = false;
    // TTY output ends lines with \r\n; the \r is not part of the text.
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }
}
