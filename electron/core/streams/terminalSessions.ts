import { randomBytes } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { StreamChunk } from '../../../shared/collection';
import { BerthFailure } from '../../../shared/errors';
import { StreamBatcher } from './streamBatcher';

/** Terminal output kept for a subscriber that has not arrived yet (the prompt), in characters. */
const BACKLOG_CHARS = 256 * 1024;
/** Output pending for a slow subscriber before the oldest is dropped, in characters. */
const PENDING_CHARS = 1024 * 1024;
/** A session nobody subscribes to within this time is closed. */
const UNCLAIMED_MS = 30_000;
/** An ended session is kept this long so that a late subscriber still learns why it ended. */
const ENDED_KEPT_MS = 10_000;
/**
 * Input the shell has not taken yet, per session, in bytes. The terminal sends one input at
 * a time and waits for it to be taken; beyond this (several clients typing into a shell
 * that does not read) input is refused with a message rather than buffered without bound.
 */
const MAX_PENDING_INPUT_BYTES = 256 * 1024;

/** The process side of a terminal: a container's exec socket, a pod's exec WebSocket. */
export interface TerminalConnection {
  /** Sends input; resolves once the other side has taken it. */
  write(data: string): Promise<void>;
  /** Input handed over and not taken yet, in bytes. */
  readonly pendingInput: number;
  resize(cols: number, rows: number): Promise<void>;
  /** Asks the process to end (EOF on its input) and drops the connection soon after; idempotent. */
  close(): void;
}

/** What the code that opened a terminal feeds into its session. */
export interface TerminalSession {
  readonly id: string;
  /** Bytes from the process (UTF-8, possibly cut mid-character). */
  output(bytes: Buffer): void;
  /** The process is gone; `reason` (possibly still being worked out, e.g. the exit code) ends every subscriber. */
  finish(reason: string | Promise<string>): void;
}

interface Session extends TerminalSession {
  owner: string;
  connection: TerminalConnection;
  decoder: StringDecoder;
  backlog: string[];
  backlogChars: number;
  subscribers: Set<StreamBatcher<string>>;
  everSubscribed: boolean;
  /** Set as soon as the process is gone; input is refused from then on. */
  ending: boolean;
  endReason?: string;
  unclaimedTimer?: ReturnType<typeof setTimeout>;
}

/**
 * Interactive terminals, whatever runs them: output goes to every subscriber of a session as
 * UTF-8 text chunks (recent output replayed to a late one), the last chunk carries why it
 * ended; input waits until the process takes it; a session nobody claims, or whose last
 * subscriber leaves, is closed. Each session belongs to an owner (an engine, a context) so
 * that all of its sessions can be closed together.
 */
export class TerminalSessions {
  private readonly sessions = new Map<string, Session>();

  get size(): number {
    return this.sessions.size;
  }

  /** Registers a started process; the caller feeds its output and its end into the returned session. */
  add(owner: string, connection: TerminalConnection): TerminalSession {
    const session: Session = {
      id: randomBytes(16).toString('base64url'),
      owner,
      connection,
      decoder: new StringDecoder('utf8'),
      backlog: [],
      backlogChars: 0,
      subscribers: new Set(),
      everSubscribed: false,
      ending: false,
      output: (bytes) => this.deliver(session, session.decoder.write(bytes)),
      finish: (reason) => void this.finish(session, reason),
    };
    this.sessions.set(session.id, session);
    session.unclaimedTimer = setTimeout(() => {
      if (!session.everSubscribed) this.close(session.id);
    }, UNCLAIMED_MS);
    session.unclaimedTimer.unref?.();
    return session;
  }

  /**
   * Writes input to the shell; resolves once the process has taken it, so a sender that
   * waits for each input goes no faster than the shell reads.
   */
  async input(sessionId: string, data: string): Promise<void> {
    const session = this.get(sessionId);
    if (session.ending) throw new BerthFailure({ code: 'conflict', message: 'This terminal has ended.' });
    if (session.connection.pendingInput >= MAX_PENDING_INPUT_BYTES) {
      throw new BerthFailure({
        code: 'conflict',
        message: 'The shell is not reading its input; nothing more is sent until it takes what is waiting.',
      });
    }
    await session.connection.write(data);
  }

  async resize(sessionId: string, cols: number, rows: number): Promise<void> {
    const session = this.get(sessionId);
    if (session.ending) return;
    await session.connection.resize(cols, rows);
  }

  /** Ends the shell (EOF on its input, the connection dropped soon after) and forgets the session. */
  close(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    if (session.unclaimedTimer) clearTimeout(session.unclaimedTimer);
    if (!session.ending) session.connection.close();
    this.sessions.delete(sessionId);
  }

  /** Closes every session of one owner, or all. */
  closeAll(owner?: string): void {
    for (const session of [...this.sessions.values()]) {
      if (owner === undefined || session.owner === owner) this.close(session.id);
    }
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
    if (session.endReason !== undefined) {
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

  private async finish(session: Session, why: string | Promise<string>): Promise<void> {
    if (session.ending) return;
    session.ending = true;
    this.deliver(session, session.decoder.end());
    const reason = await why;
    session.endReason = reason;
    for (const batcher of session.subscribers) batcher.end(reason);
    session.subscribers.clear();
    if (session.unclaimedTimer) clearTimeout(session.unclaimedTimer);
    const timer = setTimeout(() => {
      if (this.sessions.get(session.id) === session) this.sessions.delete(session.id);
    }, ENDED_KEPT_MS);
    timer.unref?.();
  }
}
