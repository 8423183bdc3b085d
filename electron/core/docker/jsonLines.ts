import { LineSplitter } from '../streams/lineSplitter';

/**
 * Parses a newline-delimited JSON stream (the engine's events and stats streams) across
 * chunk boundaries. A line that is not JSON is skipped: one bad line must not end a
 * stream that otherwise works.
 */
export class JsonLineParser {
  private readonly splitter = new LineSplitter(4 * 1024 * 1024);

  push(chunk: Buffer): unknown[] {
    return this.parse(this.splitter.push(chunk));
  }

  end(): unknown[] {
    return this.parse(this.splitter.flush());
  }

  private parse(lines: string[]): unknown[] {
    const out: unknown[] = [];
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line));
      } catch {
        // skipped, see above
      }
    }
    return out;
  }
}
