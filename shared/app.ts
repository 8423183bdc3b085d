/** Application-level state shared by the window, the menu and web mode. */

export type ConnectionKind = 'docker' | 'kube';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'stale' | 'error' | 'idle';

export interface ConnectionStatus {
  /** `docker:<engineId>` or `kube:<contextName>`. */
  id: string;
  kind: ConnectionKind;
  name: string;
  state: ConnectionState;
  /** What is wrong, for the user; present in error/reconnecting states. */
  message?: string;
  /** What the user can do about it. */
  hint?: string;
  detail?: string;
  /** Epoch ms of the next reconnect attempt, while reconnecting. */
  nextRetryAt?: number;
  /** Epoch ms since when the data shown is stale. */
  staleSince?: number;
}

export interface EngineInfo {
  id: string;
  name: string;
  /** Where it was found: env var, docker context, or a well-known socket. */
  source: string;
  /** e.g. unix:///var/run/docker.sock, tcp://host:2376, npipe:////./pipe/docker_engine */
  endpoint: string;
}

export interface KubeContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
}

export interface KubeconfigInfo {
  /** Files that were read, in merge order. */
  paths: string[];
  /** Files we looked for that do not exist. */
  missing: string[];
  /** Present when a file could not be parsed: the user sees it. */
  error?: string;
  /** The kubeconfig's own current-context (kubectl's default), when it names a context. */
  defaultContext?: string;
}

export interface AppState {
  docker: {
    engines: EngineInfo[];
    /** Candidate locations checked, so an empty state can say where we looked. */
    searched: string[];
    selectedEngineIds: string[];
  };
  kube: {
    kubeconfig: KubeconfigInfo;
    contexts: KubeContextInfo[];
    currentContext: string | null;
    /** Contexts the user pinned: connected at start, as the current one is; no other context's credential plugin runs until opened. */
    pinned: string[];
    /** Contexts the user marked read-only in Berth: every write to them is refused. */
    readOnly: string[];
  };
}

export type ViewId = 'overview' | 'containers' | 'kubernetes' | 'topology' | 'dashboards';

export const VIEW_IDS: readonly ViewId[] = ['overview', 'containers', 'kubernetes', 'topology', 'dashboards'];

/** Commands the shell (menu, tray) sends to the renderer. */
export type UiCommand = { type: 'navigate'; view: ViewId } | { type: 'focus-filter' };

export interface AppInfo {
  name: string;
  version: string;
  mode: 'electron' | 'web';
  platform: string;
}
