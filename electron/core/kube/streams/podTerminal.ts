import type { ExecStarted } from '../../../../shared/docker';
import { BerthFailure } from '../../../../shared/errors';
import type { TerminalConnection, TerminalSessions } from '../../streams/terminalSessions';
import { ChannelSocket, EXEC_CHANNEL, EXEC_PROTOCOLS } from '../connection/channelSocket';
import { KubeApiError, type KubeStatus } from '../connection/kubeApiError';
import type { ClusterRuntime } from '../clusterRuntime';
import type { ContextStream } from './contextStreams';

/** After EOF on stdin, how long the process gets to exit before the socket is dropped. */
const CLOSE_GRACE_MS = 2000;

export interface PodTerminalRequest {
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  cols: number;
  rows: number;
}

/**
 * Opens a command with a TTY in a pod's container, over the exec WebSocket, as a terminal
 * session owned by the context. Its slot on the context is taken before anything is
 * awaited; closing the context (or the terminal) closes the socket, and the session ends
 * with what the status channel said: the exit code, "no such shell", or the server's message.
 */
export async function openPodTerminal(
  runtime: ClusterRuntime,
  sessions: TerminalSessions,
  request: PodTerminalRequest,
  onEnded: () => void,
): Promise<ExecStarted> {
  let stream: ContextStream;
  try {
    stream = runtime.streams.reserve('exec');
  } catch (error) {
    onEnded();
    throw error;
  }
  const where = `${request.namespace}/${request.pod}`;
  const commandLine = request.command.join(' ');
  let deliver: (channel: number, data: Buffer) => void = () => undefined;
  let early: Array<[number, Buffer]> | undefined = [];
  let socket: ChannelSocket;
  try {
    socket = await ChannelSocket.open(runtime.client, {
      path: `/api/v1/namespaces/${encodeURIComponent(request.namespace)}/pods/${encodeURIComponent(request.pod)}/exec`,
      query: [
        ['container', request.container],
        ['stdin', 'true'],
        ['stdout', 'true'],
        ['tty', 'true'],
        ...request.command.map((arg) => ['command', arg] as const),
      ],
      protocols: EXEC_PROTOCOLS,
      signal: stream.signal,
      // Messages may come before the session exists: kept until it does.
      onData: (channel, data) => (early ? early.push([channel, data]) : deliver(channel, data)),
    });
  } catch (error) {
    stream.close();
    onEnded();
    throw openFailure(runtime, error, where, request.container);
  }

  let statusText = '';
  const session = sessions.add(runtime.name, podConnection(socket, stream.close));
  deliver = (channel, data) => {
    if (channel === EXEC_CHANNEL.stdout || channel === EXEC_CHANNEL.stderr) session.output(data);
    else if (channel === EXEC_CHANNEL.status) statusText += data.toString('utf8');
  };
  for (const [channel, data] of early) deliver(channel, data);
  early = undefined;
  void socket.closed.then(() => {
    session.finish(endReason(statusText, commandLine, stream.reason));
    stream.close();
    onEnded();
  });
  void socket.send(EXEC_CHANNEL.resize, resizeMessage(request.cols, request.rows)).catch(() => undefined);
  return { sessionId: session.id, shell: commandLine };
}

function podConnection(socket: ChannelSocket, closeStream: (reason?: string) => void): TerminalConnection {
  return {
    get pendingInput() {
      return socket.bufferedAmount;
    },
    write: (data) =>
      socket.send(EXEC_CHANNEL.stdin, data).catch(() => {
        throw new BerthFailure({ code: 'conflict', message: 'This terminal has ended before taking the input.' });
      }),
    resize: (cols, rows) => socket.send(EXEC_CHANNEL.resize, resizeMessage(cols, rows)),
    close() {
      if (!socket.isOpen) return;
      // Ctrl-D and EOF end an idle shell; a program that ignores them goes with the socket.
      void socket.send(EXEC_CHANNEL.stdin, '\u0004').catch(() => undefined);
      socket.closeChannel(EXEC_CHANNEL.stdin);
      const timer = setTimeout(() => closeStream('terminal closed'), CLOSE_GRACE_MS);
      timer.unref?.();
    },
  };
}

function resizeMessage(cols: number, rows: number): string {
  return JSON.stringify({ Width: cols, Height: rows });
}

/** The status channel's last word, as a sentence: exit code, missing shell, or the server's message. */
export function endReason(statusText: string, command: string, closedBecause: string | undefined): string {
  let status:
    (KubeStatus & { status?: string; details?: { causes?: Array<{ reason?: string; message?: string }> } }) | undefined;
  try {
    status = statusText ? (JSON.parse(statusText) as typeof status) : undefined;
  } catch {
    status = { message: statusText };
  }
  if (!status) return closedBecause && closedBecause !== 'closed' ? closedBecause : 'terminal closed';
  if (status.status === 'Success') return 'exited with code 0';
  const message = status.message ?? '';
  const exitCause = status.details?.causes?.find((cause) => cause.reason === 'ExitCode')?.message;
  // Real kubelets say NonZeroExitCode with the code as a cause; kwok and others put it in the message.
  const code = exitCause ?? /exit (?:status|code) (\d+)/.exec(message)?.[1];
  if (/executable file not found|no such file or directory/i.test(message) || code === '126' || code === '127') {
    return `“${command}” cannot run in this container (no such shell or command). Try another shell: sh, bash, ash…`;
  }
  if (code !== undefined) return `exited with code ${code}`;
  return message || 'terminal ended';
}

function openFailure(runtime: ClusterRuntime, error: unknown, where: string, container: string): BerthFailure {
  if (error instanceof KubeApiError) {
    if (error.statusCode === 403) {
      return new BerthFailure({
        code: 'permission_denied',
        message: `You are not allowed to open a terminal in pod ${where} in “${runtime.name}”.`,
        detail: error.message,
      });
    }
    if (error.statusCode === 404) {
      return new BerthFailure({
        code: 'not_found',
        message: `The pod ${where} no longer exists in “${runtime.name}”.`,
      });
    }
    if (error.statusCode === 400) {
      // Container not found, pod not running yet, or finished: the server's sentence says which.
      return new BerthFailure({
        code: 'conflict',
        message: `Cannot open a terminal in ${where} (container ${container}): ${error.message}`,
      });
    }
  }
  return runtime.failure(error, `pod ${where}`);
}
