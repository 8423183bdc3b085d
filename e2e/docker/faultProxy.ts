import { rmSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';

/**
 * A unix-socket proxy in front of a real engine's socket that can make chosen requests hang:
 * while `hold` matches a request line ("GET /v1.41/containers/json?all=true HTTP/1.1"),
 * that request is never forwarded and its connection stays open and silent, as a hung
 * engine would leave it. Everything else passes through untouched, so the engine behind
 * is real. Only the proxy's own socket is created; the engine is not reconfigured.
 */
export class FaultProxy {
  hold: ((requestLine: string) => boolean) | undefined;
  /** Answers to requests matching this arrive late by the given ms (the engine answered in time). */
  delayAnswer: ((requestLine: string) => number) | undefined;
  /** Chunks of delayed answers received from the engine, and passed on to the client. */
  readonly delayed = { received: 0, delivered: 0 };
  /** Request lines held so far, oldest first. */
  readonly held: string[] = [];
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly socket: string,
    private readonly target: string,
  ) {
    this.server = createServer((client) => this.accept(client));
  }

  get endpoint(): string {
    return `unix://${this.socket}`;
  }

  listen(): Promise<void> {
    rmSync(this.socket, { force: true });
    return new Promise((resolve) => this.server.listen(this.socket, resolve));
  }

  /** Ends every held connection (the client sees the engine close them) and stops holding. */
  release(): void {
    this.hold = undefined;
    for (const socket of this.sockets) if ((socket as Socket & { heldBy?: boolean }).heldBy) socket.destroy();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    rmSync(this.socket, { force: true });
  }

  private accept(client: Socket): void {
    this.sockets.add(client);
    const upstream = createConnection(this.target);
    this.sockets.add(upstream);
    const gone = (): void => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', gone);
    upstream.on('error', gone);
    client.on('close', gone);
    upstream.on('close', gone);
    let answerDelay = 0;
    upstream.on('data', (chunk: Buffer) => {
      if ((client as Socket & { heldBy?: boolean }).heldBy) return;
      if (answerDelay === 0) {
        client.write(chunk);
        return;
      }
      this.delayed.received += 1;
      setTimeout(() => {
        client.write(chunk);
        this.delayed.delivered += 1;
      }, answerDelay);
    });
    client.on('data', (chunk: Buffer) => {
      const marked = client as Socket & { heldBy?: boolean };
      if (marked.heldBy) return;
      // Requests from docker-modem are small and written whole: the request line starts a chunk.
      const line = chunk.subarray(0, Math.min(chunk.length, 2048)).toString('latin1').split('\r\n')[0] ?? '';
      if (/^[A-Z]+ \S+ HTTP\/1\.[01]$/.test(line) && this.hold?.(line)) {
        marked.heldBy = true;
        this.held.push(line);
        return;
      }
      answerDelay = this.delayAnswer?.(line) ?? 0;
      upstream.write(chunk);
    });
  }
}
