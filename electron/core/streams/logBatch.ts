import type { LogLine } from '../../../shared/logs';
import type { StreamBatcherOptions } from './streamBatcher';

/**
 * Sends lines every 75 ms; more than 5,000 line units pending between two sends and the
 * oldest are dropped (and counted). A line weighs one unit per 256 characters (at least
 * one), so pending text stays near 1.3 M characters however long the lines are (an endless
 * line arrives as 64 KB pieces).
 */
export const LOG_BATCH: StreamBatcherOptions<LogLine> = {
  intervalMs: 75,
  maxPending: 5000,
  weigh: (line: LogLine): number => 1 + Math.floor(line.text.length / 256),
};
