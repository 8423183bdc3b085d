import type { AppInfo, AppState, ConnectionStatus, UiCommand } from '../../shared/app';
import { BerthFailure } from '../../shared/errors';
import { Observable } from './app/observable';
import { DockerService } from './docker/dockerService';
import { registerHistoryApi } from './history/historyApi';
import { SettingsStore } from './app/settingsStore';
import { BUILTIN_KINDS } from '../../shared/kube/kinds';
import { credentialsFor } from './kube/connection/execCredential';
import { registerDefaultContext } from './kube/connection/defaultContext';
import { kubeconfigPaths, loadKubeconfig, type LoadedKubeconfig } from './kube/connection/kubeconfigLoader';
import { watchKubeconfig } from './kube/connection/kubeconfigWatcher';
import { KubeService, type KubeServiceHost } from './kube/kubeService';
import { registerKubeActions } from './kube/actions/kubeActionsApi';
import { registerObjectEditor } from './kube/edit/objectEditor';
import type { DrainTuning } from './kube/actions/drain';
import type { WriteGuard } from './kube/actions/writeGuard';
import { Router } from './router';
import { registerTopology, type TopologyService } from './topology/topologyService';
import { LiveCollection } from './streams/liveCollection';

export interface BackendOptions {
  mode: AppInfo['mode'];
  version: string;
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  /** Where the user's choices (current context, shown engines) are remembered; none in tests. */
  settingsDir?: string;
  /** Test knobs for the Kubernetes runtimes (shorter probes and watchdogs). */
  kubeRuntime?: KubeServiceHost['runtime'];
  /** Test knobs for node drains (faster PodDisruptionBudget retries). */
  drain?: DrainTuning;
}

/**
 * Everything behind the API, with no Electron in it: the Electron shell and web mode
 * each create one and connect a transport to its router.
 */
export class Backend {
  readonly router = new Router();
  readonly state: Observable<AppState>;
  readonly connections = new LiveCollection<ConnectionStatus>();
  private readonly commandListeners = new Set<(command: UiCommand) => void>();
  private readonly disposers: Array<() => void | Promise<void>> = [];
  /** Docker engines, containers, stats, logs, exec… (electron/core/docker/). */
  readonly docker: DockerService;
  /** Kubernetes contexts, watches, objects (electron/core/kube/). */
  readonly kube: KubeService;
  private kubeconfig: LoadedKubeconfig | null = null;
  readonly settings: SettingsStore | null;
  /** Every write to a cluster goes through it: contexts marked read-only in Berth refuse them. */
  readonly kubeWrites: WriteGuard;
  /** The maps' graphs, one per set of contexts and engines shown (electron/core/topology/). */
  readonly topology: TopologyService;

  constructor(private readonly options: BackendOptions) {
    this.settings = options.settingsDir ? new SettingsStore(options.settingsDir) : null;
    this.state = new Observable<AppState>({
      docker: { engines: [], searched: [], selectedEngineIds: [] },
      kube: { kubeconfig: { paths: [], missing: [] }, contexts: [], currentContext: null, pinned: [], readOnly: [] },
    });
    this.kube = new KubeService({
      router: this.router,
      connections: this.connections,
      kinds: BUILTIN_KINDS,
      credentials: (context) => credentialsFor(context),
      ...(options.kubeRuntime ? { runtime: options.kubeRuntime } : {}),
    });
    this.onDispose(() => this.kube.dispose());
    this.kubeWrites = registerKubeActions({
      router: this.router,
      kube: this.kube,
      state: this.state,
      settings: this.settings,
      connections: this.connections,
      ...(options.drain ? { drain: options.drain } : {}),
    });
    registerObjectEditor(this.router, (context) => this.kube.use(context), this.kubeWrites);
    this.loadKubeconfig();
    // Contexts added, removed or renamed in the files show up without a restart.
    const kubeconfigWatcher = watchKubeconfig(kubeconfigPaths(this.env, this.options.homeDir), () =>
      this.loadKubeconfig(),
    );
    this.onDispose(() => kubeconfigWatcher.close());
    this.registerAppApi();
    this.followCurrentContext();
    // --- Docker (issue 3): engine discovery, one runtime per selected engine (electron/core/docker/) ---
    this.docker = new DockerService({
      router: this.router,
      state: this.state,
      connections: this.connections,
      env: this.env,
      homeDir: this.options.homeDir,
      rememberedEngineIds: this.settings?.read().dockerEngineIds,
    });
    this.onDispose(() => this.docker.dispose());
    // --- end Docker ---
    this.topology = registerTopology({
      router: this.router,
      kube: this.kube,
      docker: this.docker,
      state: this.state,
      connections: this.connections,
    });
    this.onDispose(() => this.topology.dispose());
    registerHistoryApi(this.router, this.docker, this.kube);
  }

  /** Sends a command (from the native menu) to every renderer listening. */
  sendCommand(command: UiCommand): void {
    for (const listener of [...this.commandListeners]) listener(command);
  }

  /**
   * Skips the backoff wait: reconnects what is not live, now. Called when the user asks, when
   * the network comes back and when the machine wakes from sleep. `id` narrows it to one row.
   */
  retryConnections(id?: string): void {
    if (id === undefined || id.startsWith('docker:')) this.docker.reconnect(id?.slice('docker:'.length));
    if (id === undefined) this.kube.retry();
    else if (id.startsWith('kube:')) this.kube.retry(id.slice('kube:'.length));
  }

  onDispose(fn: () => void | Promise<void>): void {
    this.disposers.push(fn);
  }

  async dispose(): Promise<void> {
    for (const fn of this.disposers.reverse()) await fn();
    this.connections.dispose();
  }

  private get env(): NodeJS.ProcessEnv {
    return this.options.env ?? process.env;
  }

  /** The current context is always connected; the runtimes follow every switch and kubeconfig reload. */
  private followCurrentContext(): void {
    let followed: { context: string | null; pinned: string[]; config: LoadedKubeconfig | null } = {
      context: null,
      pinned: [],
      config: null,
    };
    const unwatch = this.state.watch((state) => {
      const { currentContext: context, pinned } = state.kube;
      if (context === followed.context && pinned === followed.pinned && this.kubeconfig === followed.config) return;
      followed = { context, pinned, config: this.kubeconfig };
      const config = this.kubeconfig;
      this.kube.sync((name) => config?.resolve(name) ?? null, context, pinned);
    });
    this.onDispose(unwatch);
  }

  private loadKubeconfig(): void {
    const loaded = loadKubeconfig(kubeconfigPaths(this.env, this.options.homeDir));
    this.kubeconfig = loaded;
    this.state.update((s) => {
      // Keep the user's choice (this run's, else the remembered one) while that context exists.
      const exists = (name: string | null | undefined): name is string =>
        !!name && loaded.contexts.some((c) => c.name === name);
      const remembered = this.settings?.read().kubeContext;
      const currentContext = exists(s.kube.currentContext)
        ? s.kube.currentContext
        : exists(remembered)
          ? remembered
          : loaded.currentContext;
      const pinned = (this.settings?.read().kubePinned ?? s.kube.pinned).filter(exists);
      // Kept for contexts that vanish from the file for a while: read-only must not lapse by accident.
      const readOnly = this.settings?.read().kubeReadOnly ?? s.kube.readOnly;
      return { ...s, kube: { kubeconfig: loaded.info, contexts: loaded.contexts, currentContext, pinned, readOnly } };
    });
  }

  private registerAppApi(): void {
    const { router } = this;
    router.method('app.info', () => ({
      name: 'Berth',
      version: this.options.version,
      mode: this.options.mode,
      platform: process.platform,
    }));
    router.method('app.kubeconfig.reload', () => {
      this.loadKubeconfig();
      return this.state.value;
    });
    router.method('kube.context.select', ({ name }) => {
      if (!this.state.value.kube.contexts.some((c) => c.name === name)) {
        throw new BerthFailure({
          code: 'not_found',
          message: `There is no context named “${name}” in your kubeconfig.`,
        });
      }
      this.state.update((s) => ({ ...s, kube: { ...s.kube, currentContext: name } }));
      this.settings?.update({ kubeContext: name });
      return this.state.value;
    });
    registerDefaultContext(
      router,
      () => kubeconfigPaths(this.env, this.options.homeDir),
      () => {
        this.loadKubeconfig();
        return this.state.value;
      },
    );
    router.method('kube.context.pin', ({ name, pinned }) => {
      if (!this.state.value.kube.contexts.some((c) => c.name === name)) {
        throw new BerthFailure({
          code: 'not_found',
          message: `There is no context named “${name}” in your kubeconfig.`,
        });
      }
      const others = this.state.value.kube.pinned.filter((n) => n !== name);
      const next = pinned ? [...others, name] : others;
      this.state.update((s) => ({ ...s, kube: { ...s.kube, pinned: next } }));
      this.settings?.update({ kubePinned: next });
      return this.state.value;
    });
    router.method('docker.engine.select', ({ engineIds }) => {
      const known = new Set(this.state.value.docker.engines.map((e) => e.id));
      const unknown = engineIds.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw new BerthFailure({ code: 'not_found', message: `Unknown Docker engine: ${unknown.join(', ')}.` });
      }
      this.state.update((s) => ({ ...s, docker: { ...s.docker, selectedEngineIds: [...new Set(engineIds)] } }));
      this.settings?.update({ dockerEngineIds: [...new Set(engineIds)] });
      return this.state.value;
    });
    router.method('app.connections.retry', ({ id }) => {
      this.retryConnections(id);
      return { ok: true };
    });
    router.topic('app.state', (_params, sink) => this.state.watch((state) => sink.emit(state)));
    router.topic('app.connections', (_params, sink) => this.connections.subscribe((event) => sink.emit(event)));
    router.topic('app.commands', (_params, sink) => {
      const listener = (command: UiCommand): void => sink.emit(command);
      this.commandListeners.add(listener);
      return () => this.commandListeners.delete(listener);
    });
  }
}
