import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type Docker from 'dockerode';
import type { StreamChunk } from '../../../shared/collection';
import type { ExecStarted } from '../../../shared/docker';
import { BerthFailure } from '../../../shared/errors';
import { withDeadline } from '../net/deadline';
import { ENGINE_CALL_TIMEOUT_MS } from './engineConnection';
import { StreamBatcher } from '../streams/streamBatcher';

/** Terminal output kept for a subscriber that has not arrived yet (the prompt), in characters. */
const BACKLOG_CHARS = 256 * 1024;
/** Output pending for a slow subscriber before the oldest is dropped, in characters. */
const PENDING_CHARS = 1024 * 1024;
/** A session nobody subscribes to within this time is closed. */
const UNCLAIMED_MS = 30_000;
/**
 * Input the engine has not taken yet, per session, in bytes. The terminal sends one input at
 * a time and waits for it to be taken; beyond this (several clients typing into a shell
 * that does not read) input is refused with a message rather than buffered without bound.
 */
export const MAX_PENDING_INPUT_BYTES = 256 * 1024;
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

interface Session {
  id: string;
  engineId: string;
  exec: Docker.Exec;
  socket: Duplex;
  decoder: StringDecoder;
  backlog: string[];
  backlogChars: number;
  subscribers: Set<StreamBatcher<string>>;
  everSubscribed: boolean;
  endReason?: string;
  unclaimedTimer?: ReturnType<typeof setTimeout>;
  /** Resolves when the socket has taken its pending input (or is gone), while it has some. */
  drained?: Promise<void>;
}

/**
 * Interactive shells (TTY + stdin) in containers. Output goes to every subscriber of the
 * session as UTF-8 text chunks; the last chunk carries the exit code. Sessions are
 * bounded in number. Closing (the method, or the last subscriber leaving) sends Ctrl-D and
 * closes stdin, which ends an idle shell; Docker has no API to kill an exec'd process, so
 * a program that ignores EOF keeps running until it exits on its own — documented, and
 * the connection is dropped after a grace period either way.
 */
export class ExecSessions {
  private readonly sessions = new Map<string, Session>();
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
    const session: Session = {
      id: randomBytes(16).toString('base64url'),
      engineId: request.engineId,
      exec,
      socket,
      decoder: new StringDecoder('utf8'),
      backlog: [],
      backlogChars: 0,
      subscribers: new Set(),
      everSubscribed: false,
    };
    this.sessions.set(session.id, session);
    socket.on('data', (chunk: Buffer) => this.deliver(session, session.decoder.write(chunk)));
    socket.on('error', () => void this.ended(session));
    socket.on('close', () => void this.ended(session));
    socket.on('end', () => void this.ended(session));
    session.unclaimedTimer = setTimeout(() => {
      if (!session.everSubscribed) this.close(session.id);
    }, UNCLAIMED_MS);
    session.unclaimedTimer.unref?.();
    // The TTY can only be sized once the process runs.
    await exec
      .resize({ h: request.rows, w: request.cols, abortSignal: signal } as { h: number; w: number })
      .catch(() => undefined);
    return { sessionId: session.id, shell };
  }

  /**
   * Writes input to the shell; resolves once the engine has taken it (the socket drained),
   * so a sender that waits for each input goes no faster than the shell reads.
   */
  async input(sessionId: string, data: string): Promise<void> {
    const session = this.get(sessionId);
    if (session.endReason) throw new BerthFailure({ code: 'conflict', message: 'This terminal has ended.' });
    if (session.socket.writableLength >= MAX_PENDING_INPUT_BYTES) {
      throw new BerthFailure({
        code: 'conflict',
        message: 'The shell is not reading its input; nothing more is sent until it takes what is waiting.',
      });
    }
    if (session.socket.write(data, 'utf8')) return;
    session.drained ??= new Promise<void>((resolve) => {
      const done = (): void => {
        session.socket.off('drain', done);
        session.socket.off('close', done);
        session.drained = undefined;
        resolve();
      };
      session.socket.on('drain', done);
      session.socket.on('close', done);
    });
    await session.drained;
    if (session.socket.destroyed && session.socket.writableLength > 0) {
      throw new BerthFailure({ code: 'conflict', message: 'This terminal has ended before taking the input.' });
    }
  }

  async resize(sessionId: string, cols: number, rows: number): Promise<void> {
    const session = this.get(sessionId);
    if (session.endReason) return;
    await withDeadline(ENGINE_CALL_TIMEOUT_MS, (abortSignal) =>
      session.exec.resize({ h: rows, w: cols, abortSignal } as { h: number; w: number }),
    );
  }

  /** Ends the shell: Ctrl-D and EOF on stdin, then the connection is dropped after a grace period. */
  close(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    if (!session.endReason && !session.socket.destroyed) {
      session.socket.write('\u0004');
      session.socket.end();
      const timer = setTimeout(() => session.socket.destroy(), CLOSE_GRACE_MS);
      timer.unref?.();
    }
    this.sessions.delete(sessionId);
  }

  /** Output of a session: backlog first, then live chunks; the last subscriber leaving closes it. */
  subscribe(sessionId: string, emit: (chunk: StreamChunk<string>) => void): () => void {
    const session = this.get(sessionId);
    const batcher = new StreamBatcher<string>(emit, {
      intervalMs: 16,
      maxPending: PENDING_CHARS,
      weigh: (s) => s.length,
    });
    session.everSubscribed = true;
    if (session.unclaimedTimer) clearTimeout(session.unclaimedTimer);
    if (session.backlog.length > 0) batcher.push(session.backlog);
    if (session.endReason) {
      batcher.end(session.endReason);
      return () => batcher.close();
    }
    session.subscribers.add(batcher);
    return () => {
      batcher.close();
      session.subscribers.delete(batcher);
      if (session.subscribers.size === 0) this.close(session.id);
    };
  }

  /** Closes every session of one engine (it was deselected), or all. */
  closeAll(engineId?: string): void {
    for (const session of [...this.sessions.values()]) {
      if (engineId === undefined || session.engineId === engineId) this.close(session.id);
    }
  }

  private get(sessionId: string): Session {
    const session = this.sessions.get(sessionId);
    if (!session) throw new BerthFailure({ code: 'not_found', message: 'This terminal session is closed.' });
    return session;
  }

  private deliver(session: Session, text: string): void {
    if (!text) return;
    // Keep recent output for subscribers that (re)attach, bounded.
    session.backlog.push(text);
    session.backlogChars += text.length;
    while (session.backlogChars > BACKLOG_CHARS && session.backlog.length > 1) {
      session.backlogChars -= session.backlog.shift()!.length;
    }
    for (const batcher of session.subscribers) batcher.push([text]);
  }

  private async ended(session: Session): Promise<void> {
    if (session.endReason !== undefined) return;
    session.endReason = 'shell ended';
    this.deliver(session, session.decoder.end());
    let reason = 'shell ended';
    // The engine may record the exit code a moment after the stream closes.
    for (let tries = 0; tries < 5; tries++) {
      try {
        const info = await withDeadline(ENGINE_CALL_TIMEOUT_MS, (abortSignal) =>
          session.exec.inspect({ abortSignal } as object),
        );
        if (!info.Running && info.ExitCode !== null && info.ExitCode !== undefined) {
          reason = `shell exited with code ${info.ExitCode}`;
          break;
        }
      } catch {
        break; // the container (or engine) is gone; "shell ended" is all we know
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    session.endReason = reason;
    for (const batcher of session.subscribers) batcher.end(reason);
    session.subscribers.clear();
    if (session.unclaimedTimer) clearTimeout(session.unclaimedTimer);
    // Keep an ended session briefly so a late subscriber still learns the exit code.
    const timer = setTimeout(() => {
      if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
    }, 10_000);
    timer.unref?.();
  }
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
