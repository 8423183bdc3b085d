import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import type { ExecStarted } from '../../../shared/docker';
import { BerthFailure } from '../../../shared/errors';
import { withDeadline } from '../net/deadline';
import { ENGINE_CALL_TIMEOUT_MS } from './engineConnection';
import { TerminalSessions, type TerminalConnection } from '../streams/terminalSessions';

/** Starting a shell: create, attach and size it. Each step answers at once on a healthy engine. */
const START_TIMEOUT_MS = 15_000;
/** After closing stdin, how long a process gets to exit before we drop the connection. */
const CLOSE_GRACE_MS = 2000;
const DEFAULT_SHELLS = ['/bin/bash', '/bin/sh'];

export interface ExecStartRequest {
  engineId: string;
  id: string;
  shell?: string;
  cols: number;
  rows: number;
}

/**
 * Interactive shells (TTY + stdin) in containers, kept as terminal sessions owned by their
 * engine; the last chunk of output carries the exit code. Sessions are bounded in number.
 * Closing (the method, or the last subscriber leaving) sends Ctrl-D and closes stdin, which
 * ends an idle shell; Docker has no API to kill an exec'd process, so a program that ignores
 * EOF keeps running until it exits on its own — documented, and the connection is dropped
 * after a grace period either way.
 */
export class ExecSessions {
  readonly sessions = new TerminalSessions();
  /** Slots taken by starts still awaiting the engine: they count towards the cap. */
  private starting = 0;

  constructor(private readonly maxSessions = 16) {}

  get size(): number {
    return this.sessions.size;
  }

  /**
   * Takes a session slot, synchronously, before anything is awaited (so parallel starts
   * cannot pass the cap together); `release` gives it back if the start fails.
   */
  reserve(): { release: () => void } {
    if (this.sessions.size + this.starting >= this.maxSessions) {
      throw new BerthFailure({
        code: 'conflict',
        message: `Too many open terminals (${this.maxSessions}). Close one and try again.`,
      });
    }
    this.starting += 1;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.starting -= 1;
      },
    };
  }

  /** Starts a shell in a slot from `reserve()` (taken here when not given); the slot is released either way. */
  async start(client: Docker, request: ExecStartRequest, slot = this.reserve()): Promise<ExecStarted> {
    try {
      return await withDeadline(START_TIMEOUT_MS, (signal) => this.open(client, request, signal));
    } finally {
      slot.release();
    }
  }

  private async open(client: Docker, request: ExecStartRequest, signal: AbortSignal): Promise<ExecStarted> {
    const container = client.getContainer(request.id);
    const shell = request.shell ?? (await pickShell(container, signal));
    const exec = await container.exec({
      Cmd: [shell],
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: ['TERM=xterm-256color'],
      abortSignal: signal,
    });
    const socket = (await exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
    if (signal.aborted) {
      // Attached after the deadline: nobody will use this shell.
      socket.destroy();
      throw new BerthFailure({ code: 'timeout', message: 'The engine took too long to open the terminal.' });
    }
    const session = this.sessions.add(request.engineId, execConnection(exec, socket));
    socket.on('data', (chunk: Buffer) => session.output(chunk));
    const ended = (): void => session.finish(exitReason(exec));
    socket.on('error', ended);
    socket.on('close', ended);
    socket.on('end', ended);
    // The TTY can only be sized once the process runs.
    await exec
      .resize({ h: request.rows, w: request.cols, abortSignal: signal } as { h: number; w: number })
      .catch(() => undefined);
    return { sessionId: session.id, shell };
  }

  /** Closes every session of one engine (it was deselected), or all. */
  closeAll(engineId?: string): void {
    this.sessions.closeAll(engineId);
  }
}

/** The engine's hijacked exec socket as a terminal connection. */
function execConnection(exec: Docker.Exec, socket: Duplex): TerminalConnection {
  let drained: Promise<void> | undefined;
  return {
    get pendingInput() {
      return socket.writableLength;
    },
    async write(data) {
      if (socket.write(data, 'utf8')) return;
      drained ??= new Promise<void>((resolve) => {
        const done = (): void => {
          socket.off('drain', done);
          socket.off('close', done);
          drained = undefined;
          resolve();
        };
        socket.on('drain', done);
        socket.on('close', done);
      });
      await drained;
      if (socket.destroyed && socket.writableLength > 0) {
        throw new BerthFailure({ code: 'conflict', message: 'This terminal has ended before taking the input.' });
      }
    },
    resize: (cols, rows) =>
      withDeadline(ENGINE_CALL_TIMEOUT_MS, (abortSignal) =>
        exec.resize({ h: rows, w: cols, abortSignal } as { h: number; w: number }),
      ),
    close() {
      if (socket.destroyed || socket.writableEnded) return;
      socket.write('\u0004');
      socket.end();
      const timer = setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
      timer.unref?.();
    },
  };
}

/** "shell exited with code N" once the engine has recorded it (a moment after the stream closes). */
async function exitReason(exec: Docker.Exec): Promise<string> {
  for (let tries = 0; tries < 5; tries++) {
    try {
      const info = await withDeadline(ENGINE_CALL_TIMEOUT_MS, (abortSignal) => exec.inspect({ abortSignal } as object));
      if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined) {
        return `shell exited with code ${info.ExitCode}`;
      }
    } catch {
      break; // the container (or engine) is gone; "shell ended" is all we know
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return 'shell ended';
}

/** /bin/bash when the container has it, else /bin/sh. Asks the engine (no process runs in the container). */
async function pickShell(container: Docker.Container, signal: AbortSignal): Promise<string> {
  for (const shell of DEFAULT_SHELLS) {
    try {
      const response = (await container.infoArchive({ path: shell, abortSignal: signal } as { path: string })) as {
        resume?: () => void;
      };
      response.resume?.();
      return shell;
    } catch {
      // not there: try the next
    }
  }
  return DEFAULT_SHELLS[DEFAULT_SHELLS.length - 1]!;
}
