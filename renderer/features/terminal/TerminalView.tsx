/**
 * A terminal (xterm.js + fit) on a session of a source: a container's shell or a pod's.
 * The session is started here, fed keystrokes, resized with the panel, and closed when the
 * view goes. When it ends, the view says why.
 */
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { errorMessage } from '../../api/client';
import { cssVar } from '../../components/charts/chartTheme';
import '../../components/logs/ansi.css';
import { copyToClipboard } from '../../components/clipboard';
import { describeExecEnd } from './execSession';
import { InputQueue } from './inputQueue';
import type { TerminalSource } from './terminalSource';
import './terminal.css';
import { ErrorBanner } from '../../components/ErrorBanner';

type Phase =
  | { kind: 'starting' }
  | { kind: 'open'; sessionId: string; shell: string }
  | { kind: 'ended'; shell: string; reason: string; failed: boolean }
  | { kind: 'error'; message: string; detail?: string };

function terminalTheme(): ITheme {
  const ansi = (i: number): string => cssVar(`--ansi-${i}`);
  return {
    background: cssVar('--bg', '#ffffff'),
    foreground: cssVar('--fg', '#1d1f23'),
    cursor: cssVar('--fg', '#1d1f23'),
    cursorAccent: cssVar('--bg', '#ffffff'),
    selectionBackground: cssVar('--term-selection', 'rgba(26, 98, 201, 0.3)'),
    black: ansi(0),
    red: ansi(1),
    green: ansi(2),
    yellow: ansi(3),
    blue: ansi(4),
    magenta: ansi(5),
    cyan: ansi(6),
    white: ansi(7),
    brightBlack: ansi(8),
    brightRed: ansi(9),
    brightGreen: ansi(10),
    brightYellow: ansi(11),
    brightBlue: ansi(12),
    brightMagenta: ansi(13),
    brightCyan: ansi(14),
    brightWhite: ansi(15),
  };
}

async function copyText(text: string): Promise<void> {
  try {
    await copyToClipboard(text);
  } catch {
    // Refused: the selection stays, and Ctrl+Shift+C (or the Edit menu) can retry.
  }
}

export function TerminalView({ source }: { source: TerminalSource }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const [term, setTerm] = useState<{ terminal: Terminal; fit: FitAddon } | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const [attempt, setAttempt] = useState(0);
  const [shellInput, setShellInput] = useState('');
  const [requestedShell, setRequestedShell] = useState<string | undefined>(undefined);
  const shellListId = useId();

  // The terminal itself lives as long as the tab.
  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const terminal = new Terminal({
      cursorBlink: true,
      fontFamily: cssVar('--mono', 'monospace'),
      fontSize: 13,
      scrollback: 5000,
      theme: terminalTheme(),
      allowProposedApi: false,
    });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(host);
    try {
      fit.fit();
    } catch {
      // Not laid out yet; the resize observer fits it.
    }
    // Copy on select; Ctrl+Shift+C / Ctrl+Shift+V copy and paste explicitly.
    const selection = terminal.onSelectionChange(() => {
      const text = terminal.getSelection();
      if (text) void copyText(text);
    });
    terminal.attachCustomKeyEventHandler((event) => {
      if (event.type !== 'keydown' || !event.ctrlKey || !event.shiftKey) return true;
      if (event.code === 'KeyC') {
        const text = terminal.getSelection();
        if (text) void copyText(text);
        return false;
      }
      if (event.code === 'KeyV') {
        navigator.clipboard?.readText().then(
          (text) => text && terminal.paste(text),
          () => {},
        );
        return false;
      }
      return true;
    });
    const media = window.matchMedia?.('(prefers-color-scheme: dark)');
    const onTheme = (): void => {
      terminal.options.theme = terminalTheme();
    };
    media?.addEventListener('change', onTheme);
    setTerm({ terminal, fit });
    return () => {
      media?.removeEventListener('change', onTheme);
      selection.dispose();
      terminal.dispose();
      setTerm(null);
    };
  }, []);

  // One exec session per attempt; closing the tab (unmount) closes it on the engine.
  useEffect(() => {
    if (!term) return;
    const { terminal, fit } = term;
    let disposed = false;
    let unsubscribe: (() => void) | undefined;
    let sessionId: string | null = null;
    setPhase({ kind: 'starting' });
    try {
      fit.fit();
    } catch {
      /* not visible */
    }
    const queue = new InputQueue((data) => {
      if (!sessionId) return Promise.resolve();
      return source.input(sessionId, data).then(() => undefined);
    });
    const dataListener = terminal.onData((data) => {
      if (sessionId) queue.push(data);
    });
    const resizeListener = terminal.onResize(({ cols, rows }) => {
      if (sessionId) void source.resize(sessionId, cols, rows).catch(() => {});
    });

    source.start({ cols: Math.max(1, terminal.cols), rows: Math.max(1, terminal.rows) }, requestedShell).then(
      (started) => {
        if (disposed) {
          void source.close(started.sessionId).catch(() => {});
          return;
        }
        sessionId = started.sessionId;
        setPhase({ kind: 'open', sessionId, shell: started.shell });
        unsubscribe = source.output(
          sessionId,
          (chunk) => {
            if (chunk.items.length) terminal.write(chunk.items.join(''));
            if (chunk.dropped > 0) {
              terminal.write(
                `\r\n\x1b[2m[Berth: ${chunk.dropped} output chunks dropped: the view fell behind]\x1b[0m\r\n`,
              );
            }
            if (chunk.end) {
              const ended = describeExecEnd(chunk.end.reason);
              sessionId = null;
              terminal.write(`\r\n\x1b[2m[${ended.headline}]\x1b[0m\r\n`);
              setPhase({ kind: 'ended', shell: started.shell, reason: ended.headline, failed: ended.failed });
            }
          },
          (error) => {
            sessionId = null;
            setPhase({ kind: 'error', message: error.message, ...(error.detail ? { detail: error.detail } : {}) });
          },
        );
        // Sizes may have changed while starting.
        void source.resize(sessionId, terminal.cols, terminal.rows).catch(() => {});
        terminal.focus();
      },
      (error) => {
        if (disposed) return;
        setPhase({ kind: 'error', message: errorMessage(error) });
      },
    );

    return () => {
      disposed = true;
      dataListener.dispose();
      resizeListener.dispose();
      unsubscribe?.();
      if (sessionId) void source.close(sessionId).catch(() => {});
      sessionId = null;
    };
    // The source object is rebuilt on each render of its owner; its key says when it changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [term, source.key, attempt, requestedShell]);

  // Follow the panel's size: fit the terminal, which reports the new size to the engine.
  useEffect(() => {
    const host = hostRef.current;
    if (!term || !host || typeof ResizeObserver === 'undefined') return;
    let frame = 0;
    const observer = new ResizeObserver(() => {
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        if (host.clientWidth > 0 && host.clientHeight > 0) {
          try {
            term.fit.fit();
          } catch {
            /* detached */
          }
        }
      });
    });
    observer.observe(host);
    return () => {
      observer.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [term]);

  const newSession = useCallback(
    (shell?: string) => {
      term?.terminal.reset();
      setRequestedShell(shell);
      setAttempt((a) => a + 1);
    },
    [term],
  );

  const shellProblem = source.shells.invalid(shellInput);
  const shellValid = shellProblem === null;
  const status = (() => {
    switch (phase.kind) {
      case 'starting':
        return <span className="muted">Starting a shell{requestedShell ? ` (${requestedShell})` : ''}…</span>;
      case 'open':
        return (
          <span className="terminal-live">
            <span aria-hidden="true">●</span> Connected: <code>{phase.shell}</code>
          </span>
        );
      case 'ended':
        return (
          <span className={phase.failed ? 'tone-bad' : 'muted'}>
            <span aria-hidden="true">{phase.failed ? '✖' : '■'}</span> Session ended ({phase.shell}): {phase.reason}
          </span>
        );
      case 'error':
        return null;
    }
  })();

  return (
    <section className="terminal-panel" aria-label="Terminal">
      <form
        className="terminal-toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          if (!shellValid) return;
          newSession(shellInput.trim() || undefined);
        }}
      >
        <label>
          Shell{' '}
          <input
            className="mono"
            list={shellListId}
            value={shellInput}
            onChange={(e) => setShellInput(e.target.value.trimStart())}
            placeholder={source.shells.placeholder}
            aria-label="Shell"
            aria-invalid={!shellValid}
            size={26}
          />
          <datalist id={shellListId}>
            {source.shells.suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
        <button type="submit" disabled={!shellValid}>
          {phase.kind === 'open' ? 'New session' : 'Reconnect'}
        </button>
        {shellProblem && <span className="tone-bad">{shellProblem}</span>}
        <span className="terminal-status" role="status" data-testid="terminal-status">
          {status}
        </span>
        <span className="terminal-hint muted small">Select to copy · Ctrl+Shift+V to paste</span>
      </form>
      {phase.kind === 'error' && (
        <ErrorBanner prefix="Could not open a shell" error={phase}>
          <button type="button" onClick={() => newSession(requestedShell)}>
            Try again
          </button>
        </ErrorBanner>
      )}
      {phase.kind === 'ended' && (
        <div className={phase.failed ? 'error-banner' : 'terminal-ended'} role="alert">
          The shell session ended: {phase.reason}.{' '}
          <button type="button" onClick={() => newSession(requestedShell)}>
            Reconnect
          </button>
        </div>
      )}
      <div className="terminal-host" ref={hostRef} data-testid="terminal" />
    </section>
  );
}
