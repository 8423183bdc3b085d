import type { LogLine } from '../../../shared/logs';
import { parseRfc3339Nano } from './timestamps';

/** "2024-05-01T12:00:00.123456789Z message" → { t, text } when timestamps were requested. */
export function toLogLine(raw: string, stream: LogLine['stream'], timestamps: boolean): LogLine {
  if (timestamps) {
    const space = raw.indexOf(' ');
    const t = space > 0 ? parseRfc3339Nano(raw.slice(0, space)) : undefined;
    if (t !== undefined) return { t, stream, text: raw.slice(space + 1) };
  }
  return { stream, text: raw };
}
