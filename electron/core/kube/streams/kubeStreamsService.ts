import type { Router } from '../../router';
import { routeTerminals } from '../../streams/terminalRoutes';
import { TerminalSessions } from '../../streams/terminalSessions';
import type { ClusterRuntime } from '../clusterRuntime';
import { openPodTerminal } from './podTerminal';
import { freeLocalPort, PortForwards } from './portForwards';

export interface KubeStreamsHost {
  router: Router;
  /** Holds a context (its runtime stays open) until `done` is called. */
  use: (context: string) => { runtime: ClusterRuntime; done: () => void };
}

/**
 * Pod terminals and port-forwards (`kube.exec.*`, `kube.forward.*`): each holds its context
 * while it runs and takes a slot in the context's stream registry, so that closing the
 * context ends them.
 */
export class KubeStreamsService {
  readonly terminals = new TerminalSessions();
  readonly forwards = new PortForwards();

  constructor(private readonly host: KubeStreamsHost) {
    this.register();
  }

  /** The current context changed: forwards of the others end (terminals stay until closed). */
  currentChanged(current: string | null): void {
    this.forwards.currentChanged(current);
  }

  dispose(): void {
    this.forwards.dispose();
    this.terminals.closeAll();
  }

  private register(): void {
    const { router } = this.host;

    router.method('kube.exec.start', ({ context, ...request }) => {
      const { runtime, done } = this.host.use(context);
      return openPodTerminal(runtime, this.terminals, request, done);
    });
    routeTerminals(router, 'kube', this.terminals);

    router.method('kube.forward.start', ({ context, ...request }) => {
      const { runtime, done } = this.host.use(context);
      return this.forwards.start(runtime, request, done);
    });
    router.method('kube.forward.freePort', async ({ preferred }) => ({ port: await freeLocalPort(preferred) }));
    router.method('kube.forward.stop', ({ id }) => {
      this.forwards.stop(id);
      return { ok: true as const };
    });
    router.topic('kube.forwards', (_params, sink) => this.forwards.rows.subscribe((event) => sink.emit(event)));
  }
}
