/**
 * One line of a log, the same for container and pod logs. Plain JSON: it crosses the
 * IPC and WebSocket boundary.
 */
export interface LogLine {
  /** Epoch ms (from the engine's or the API server's timestamp, when requested). */
  t?: number;
  stream: 'stdout' | 'stderr';
  /** Raw text, possibly with ANSI escapes. Always rendered as text, never markup. */
  text: string;
  /** Where the line came from when a stream merges several (`pod` or `pod/container`). */
  source?: string;
  /** A line from Berth itself about the stream (a pod joined or left), not from the program. */
  note?: boolean;
}
