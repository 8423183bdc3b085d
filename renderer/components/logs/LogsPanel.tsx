/**
 * The Logs tab of a container, a pod or a workload: a live, bounded, windowed view of a log
 * source. Lines are text (React text nodes only); ANSI colours become styled spans; stderr
 * is marked with a word as well as a colour; a merged stream shows each line's pod.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type WheelEvent,
} from 'react';
import { errorMessage } from '../../api/client';
import { ansiClassName, ansiInlineStyle } from './ansi';
import { copyToClipboard } from '../clipboard';
import { formatLogTime, logsToText, type LogEntry } from './logBuffer';
import { findMatches, markSegments, reselectMatch, stepMatch, type SearchMatch } from './logSearch';
import './ansi.css';
import './logs.css';
import { hasStreams, logSourceKey, type LogSource } from './logSource';
import { useLogStream } from './useLogStream';
import { ErrorBanner } from '../ErrorBanner';

const ROW_HEIGHT = 18;
const TAIL_OPTIONS = [100, 500, 1000, 5000, 10_000];
const SINCE_OPTIONS: Array<{ label: string; ms: number | null }> = [
  { label: 'All', ms: null },
  { label: '5 min', ms: 5 * 60_000 },
  { label: '15 min', ms: 15 * 60_000 },
  { label: '1 hour', ms: 3600_000 },
  { label: '6 hours', ms: 6 * 3600_000 },
  { label: '24 hours', ms: 24 * 3600_000 },
];
type StreamFilter = 'all' | 'stdout' | 'stderr';

const numberFormat = new Intl.NumberFormat();

interface Range {
  start: number;
  end: number;
  current?: boolean;
}

const LogRow = memo(function LogRow(props: { entry: LogEntry; timestamps: boolean; ranges: Range[] | undefined }) {
  const { entry } = props;
  const pieces = markSegments(entry.segments, props.ranges ?? []);
  const stderr = entry.stream === 'stderr';
  return (
    <>
      {entry.source !== undefined && (
        <span className="log-source" title={entry.source}>
          {entry.source}
        </span>
      )}
      {props.timestamps && (
        <span className="log-time" title={entry.t !== undefined ? new Date(entry.t).toISOString() : undefined}>
          {entry.t !== undefined ? formatLogTime(entry.t) : '—'}
        </span>
      )}
      <span
        className={stderr ? 'log-stream log-stream-err' : 'log-stream'}
        title={stderr ? 'standard error' : 'standard output'}
      >
        {stderr && (
          <span className="log-stream-badge" aria-hidden="true">
            err
          </span>
        )}
        {stderr && <span className="sr-only">stderr: </span>}
      </span>
      <span className={entry.note ? 'log-text log-note' : 'log-text'}>
        {pieces.map((piece, i) => {
          const className = ansiClassName(piece.style) || undefined;
          const style = ansiInlineStyle(piece.style);
          if (piece.mark) {
            return (
              <mark
                key={i}
                className={`${piece.mark === 'current' ? 'log-match log-match-current' : 'log-match'} ${className ?? ''}`}
                style={style}
              >
                {piece.text}
              </mark>
            );
          }
          return className || style ? (
            <span key={i} className={className} style={style}>
              {piece.text}
            </span>
          ) : (
            piece.text
          );
        })}
        {entry.cut > 0 && <span className="log-cut"> … ({numberFormat.format(entry.cut)} more characters)</span>}
      </span>
    </>
  );
});

function fileStamp(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** A safe file name from a source's label. */
function safeName(name: string): string {
  return (
    name
      .replace(/^\//, '')
      .replace(/[^A-Za-z0-9_.-]+/g, '_')
      .slice(0, 80) || 'logs'
  );
}

export function LogsPanel(props: {
  source: LogSource;
  /** Choices of the source itself (a pod's container, previous logs), shown first in the toolbar. */
  sourceControls?: ReactNode;
}) {
  const { source } = props;
  const [tail, setTail] = useState(1000);
  const [sinceMs, setSinceMs] = useState<number | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [timestamps, setTimestamps] = useState(true);
  const [wrap, setWrap] = useState(false);
  const [streams, setStreams] = useState<StreamFilter>('all');
  const [following, setFollowing] = useState(true);
  const [query, setQuery] = useState('');
  const [caseSensitive, setCaseSensitive] = useState(false);
  const [current, setCurrent] = useState(-1);
  const [notice, setNotice] = useState<string | null>(null);
  const { buffer, version, error, loading } = useLogStream({ source, tail, sinceMs, attempt });
  const sourceKey = logSourceKey(source);
  const streamsShown = hasStreams(source);

  const viewportRef = useRef<HTMLDivElement>(null);
  const lastScrollTop = useRef(0);
  const programmatic = useRef(false);

  // Lines on screen (optionally one stream only): a new array per buffer version, so
  // everything derived from it (search, scrolling) notices new lines.
  const lines = useMemo(() => {
    void version;
    const all = buffer.entries;
    return streams === 'all' ? all.slice() : all.filter((e) => e.stream === streams);
  }, [buffer, version, streams]);

  const search = useMemo(() => findMatches(lines, query, { caseSensitive }), [lines, query, caseSensitive]);
  const previousMatch = useRef<SearchMatch | undefined>(undefined);
  useEffect(() => {
    // Keep the selected match when lines arrive or trim; start at the first otherwise.
    setCurrent(reselectMatch(search.matches, previousMatch.current));
  }, [search]);
  const currentMatch = search.matches[current];
  previousMatch.current = currentMatch;

  const rangesByEntry = useMemo(() => {
    const map = new Map<number, Range[]>();
    search.matches.forEach((m, i) => {
      let list = map.get(m.entryId);
      if (!list) map.set(m.entryId, (list = []));
      list.push({ start: m.start, end: m.end, current: i === current });
    });
    return map;
  }, [search, current]);

  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => viewportRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => lines[index]?.id ?? index,
    overscan: 20,
  });

  useEffect(() => {
    virtualizer.measure();
  }, [wrap, timestamps, virtualizer]);

  const scrollToBottom = useCallback(() => {
    const el = viewportRef.current;
    if (!el) return;
    programmatic.current = true;
    el.scrollTop = el.scrollHeight;
    lastScrollTop.current = el.scrollTop;
    requestAnimationFrame(() => {
      programmatic.current = false;
    });
  }, []);

  // Following: stay at the newest line as lines arrive.
  useLayoutEffect(() => {
    if (following) scrollToBottom();
  }, [following, lines, scrollToBottom, virtualizer]);

  const pause = useCallback(() => {
    setFollowing(false);
    buffer.hold(true);
  }, [buffer]);

  const resume = useCallback(() => {
    buffer.hold(false);
    setFollowing(true);
  }, [buffer]);

  // New subscription: follow again.
  useEffect(() => {
    setFollowing(true);
  }, [sourceKey, tail, sinceMs, attempt]);

  const onScroll = (): void => {
    const el = viewportRef.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT / 2;
    const movedUp = el.scrollTop < lastScrollTop.current - 1;
    lastScrollTop.current = el.scrollTop;
    if (programmatic.current) return;
    if (following && movedUp && !atBottom) pause();
    else if (!following && atBottom && !buffer.pending && !currentMatch) resume();
  };

  // Intent to read back pauses at once, before the next batch of lines could scroll it away.
  const onWheel = (event: WheelEvent): void => {
    if (following && event.deltaY < 0 && (viewportRef.current?.scrollTop ?? 0) > 0) pause();
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (following && ['ArrowUp', 'PageUp', 'Home'].includes(event.key)) pause();
    else if (!following && event.key === 'End' && (event.ctrlKey || event.metaKey)) resume();
  };

  const goToMatch = (direction: 1 | -1): void => {
    const next = stepMatch(current, search.matches.length, direction);
    if (next < 0) return;
    setCurrent(next);
    if (following) pause();
    virtualizer.scrollToIndex(search.matches[next]!.line, { align: 'center' });
  };

  // Scroll to the first match as the user types.
  useEffect(() => {
    const m = search.matches[current];
    if (m && !following) virtualizer.scrollToIndex(m.line, { align: 'center' });
    // Only when the query changes, not on every new line.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [query, caseSensitive]);

  const flash = (text: string): void => {
    setNotice(text);
    window.setTimeout(() => setNotice((n) => (n === text ? null : n)), 4000);
  };

  const copy = async (): Promise<void> => {
    const text = logsToText(lines, { timestamps });
    try {
      await copyToClipboard(text);
      flash(`Copied ${numberFormat.format(lines.length)} line${lines.length === 1 ? '' : 's'}`);
    } catch (err) {
      flash(`Could not copy: ${errorMessage(err)}. Select the lines and use Ctrl+C instead.`);
    }
  };

  const download = (): void => {
    const text = logsToText(lines, { timestamps });
    const blob = new Blob([text], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = `${safeName(source.label)}-${fileStamp(new Date())}.log`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  const dropped = buffer.dropped;
  const pending = buffer.pending;
  const items = virtualizer.getVirtualItems();
  const matchCount = search.matches.length;
  const matchLabel = !query
    ? ''
    : matchCount === 0
      ? 'No matches'
      : `${current + 1} of ${numberFormat.format(matchCount)}${search.limited ? '+' : ''}`;

  return (
    <section className="logs-panel" aria-label="Logs">
      <div className="logs-toolbar" role="toolbar" aria-label="Log options">
        {props.sourceControls}
        <label className="check">
          <input type="checkbox" checked={following} onChange={(e) => (e.target.checked ? resume() : pause())} />
          Follow
        </label>
        <label>
          Tail{' '}
          <select value={tail} onChange={(e) => setTail(Number(e.target.value))} aria-label="Lines from the end">
            {TAIL_OPTIONS.map((n) => (
              <option key={n} value={n}>
                {numberFormat.format(n)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Since{' '}
          <select
            value={sinceMs === null ? 'all' : String(sinceMs)}
            onChange={(e) => setSinceMs(e.target.value === 'all' ? null : Number(e.target.value))}
            aria-label="Since"
          >
            {SINCE_OPTIONS.map((o) => (
              <option key={o.label} value={o.ms === null ? 'all' : String(o.ms)}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        {streamsShown && (
          <label>
            Streams{' '}
            <select value={streams} onChange={(e) => setStreams(e.target.value as StreamFilter)} aria-label="Streams">
              <option value="all">both</option>
              <option value="stdout">stdout</option>
              <option value="stderr">stderr</option>
            </select>
          </label>
        )}
        <label className="check">
          <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} />
          Timestamps
        </label>
        <label className="check">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} />
          Wrap
        </label>
      </div>
      <div className="logs-toolbar" role="toolbar" aria-label="Search and export">
        <div className="logs-search" role="search">
          <input
            type="search"
            placeholder="Search logs"
            aria-label="Search logs"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                goToMatch(e.shiftKey ? -1 : 1);
              } else if (e.key === 'Escape' && query) {
                e.preventDefault();
                e.stopPropagation();
                setQuery('');
              }
            }}
          />
          <label className="check" title="Match case">
            <input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} />
            Aa
          </label>
          <span className="logs-match-count" aria-live="polite" data-testid="log-match-count">
            {matchLabel}
          </span>
          <button
            type="button"
            onClick={() => goToMatch(-1)}
            disabled={!matchCount}
            title="Previous match (Shift+Enter)"
            aria-label="Previous match"
          >
            ↑
          </button>
          <button
            type="button"
            onClick={() => goToMatch(1)}
            disabled={!matchCount}
            title="Next match (Enter)"
            aria-label="Next match"
          >
            ↓
          </button>
        </div>
        <span className="logs-toolbar-spacer" />
        <button type="button" onClick={() => void copy()} disabled={!lines.length} title="Copy the lines shown as text">
          Copy
        </button>
        <button
          type="button"
          onClick={download}
          disabled={!lines.length}
          title="Download the lines shown as a .log file"
        >
          Download
        </button>
      </div>

      <div className="logs-status small" role="status">
        <span>
          {numberFormat.format(lines.length)} line{lines.length === 1 ? '' : 's'}
          {streams !== 'all' ? ` (${streams})` : ''}
        </span>
        {dropped > 0 && (
          <span
            className="logs-dropped"
            title={`${numberFormat.format(buffer.droppedByStream)} dropped by the stream (the view fell behind), ${numberFormat.format(buffer.trimmed)} removed to keep the newest ${numberFormat.format(buffer.capacity)}`}
          >
            ▲ {numberFormat.format(dropped)} earlier line{dropped === 1 ? '' : 's'} dropped
          </span>
        )}
        {!following && (
          <span className="logs-paused">❚❚ Paused{pending ? `: ${numberFormat.format(pending)} new` : ''}</span>
        )}
        {notice && <span className="logs-notice">{notice}</span>}
      </div>

      {error && (
        <ErrorBanner prefix="Logs are unavailable" error={error}>
          <button type="button" onClick={() => setAttempt((a) => a + 1)}>
            Retry
          </button>
        </ErrorBanner>
      )}

      <div
        ref={viewportRef}
        className={`logs-viewport mono${wrap ? ' wrap' : ''}`}
        role="log"
        aria-label="Log lines"
        aria-live="off"
        tabIndex={0}
        onScroll={onScroll}
        onWheel={onWheel}
        onKeyDown={onKeyDown}
        data-testid="log-viewport"
      >
        {!loading && !error && lines.length === 0 && (
          <p className="logs-empty muted">
            No log lines{sinceMs !== null ? ' in this time range' : ''}
            {streams !== 'all' ? ` on ${streams}` : ''}.
          </p>
        )}
        {loading && !error && <p className="logs-empty muted">Loading logs…</p>}
        <div className="logs-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const entry = lines[item.index];
            if (!entry) return null;
            return (
              <div
                key={item.key}
                ref={wrap ? virtualizer.measureElement : undefined}
                data-index={item.index}
                className={entry.stream === 'stderr' ? 'log-row log-row-err' : 'log-row'}
                style={{ transform: `translateY(${item.start}px)`, ...(wrap ? {} : { height: ROW_HEIGHT }) }}
              >
                <LogRow entry={entry} timestamps={timestamps} ranges={rangesByEntry.get(entry.id)} />
              </div>
            );
          })}
        </div>
      </div>

      {buffer.ended !== null && (
        <div className="logs-ended" role="status">
          <span>■ Log stream ended: {buffer.ended}</span>
          <button type="button" onClick={() => setAttempt((a) => a + 1)}>
            Reconnect
          </button>
        </div>
      )}
      {!following && (
        <button type="button" className="logs-jump" onClick={resume}>
          ↓ Jump to latest{pending ? ` (${numberFormat.format(pending)} new)` : ''}
        </button>
      )}
    </section>
  );
}
