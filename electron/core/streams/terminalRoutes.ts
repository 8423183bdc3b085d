import type { Router } from '../router';
import type { TerminalSessions } from './terminalSessions';

/**
 * What a started terminal offers, the same for a container's and a pod's: typed input, a new
 * size, closing it, and its output (`<area>.exec.input`, `.resize`, `.close`, `.output`).
 * Starting one is the area's own (an engine's exec, a pod's exec).
 */
export function routeTerminals(router: Router, area: 'docker' | 'kube', sessions: TerminalSessions): void {
  router.method(`${area}.exec.input`, async ({ sessionId, data }) => {
    await sessions.input(sessionId, data);
    return { ok: true as const };
  });
  router.method(`${area}.exec.resize`, async ({ sessionId, cols, rows }) => {
    await sessions.resize(sessionId, cols, rows);
    return { ok: true as const };
  });
  router.method(`${area}.exec.close`, ({ sessionId }) => {
    sessions.close(sessionId);
    return { ok: true as const };
  });
  router.topic(`${area}.exec.output`, ({ sessionId }, sink) =>
    sessions.subscribe(sessionId, (chunk) => sink.emit(chunk)),
  );
}
