import type { AppState, ViewId } from '../../shared/app';
import type { KindInfo } from '../../shared/kube/types';
import { kindTitle } from '../features/kubernetes/kindCatalog';

export interface PaletteCommand {
  id: string;
  /** What the user reads and types against. */
  label: string;
  /** The group it belongs to, shown beside it. */
  group: 'View' | 'Kubernetes kind' | 'Kubernetes context' | 'Docker engine';
  run: () => void;
}

export interface PaletteActions {
  navigate(view: ViewId): void;
  selectContext(name: string): void;
  /** Writes it as the kubeconfig's current-context. */
  setDefaultContext?(name: string): void;
  toggleEngine(engineId: string): void;
  /** Shows a kind's table in the Kubernetes view. */
  openKind?(key: string): void;
}

const VIEWS: Array<[ViewId, string]> = [
  ['overview', 'Overview'],
  ['containers', 'Containers'],
  ['kubernetes', 'Kubernetes'],
  ['topology', 'Topology'],
  ['dashboards', 'Dashboards'],
];

/** Everything the palette can jump to, from the current app state and the current context's kinds. */
export function paletteCommands(
  state: AppState | null,
  actions: PaletteActions,
  kinds: readonly KindInfo[] = [],
): PaletteCommand[] {
  const commands: PaletteCommand[] = VIEWS.map(([view, label]) => ({
    id: `view:${view}`,
    label: `Go to ${label}`,
    group: 'View',
    run: () => actions.navigate(view),
  }));
  const openKind = actions.openKind;
  if (openKind) {
    for (const kind of kinds) {
      commands.push({
        id: `kind:${kind.key}`,
        label: kindTitle(kind),
        group: 'Kubernetes kind',
        run: () => openKind(kind.key),
      });
    }
  }
  if (!state) return commands;
  for (const context of state.kube.contexts) {
    commands.push({
      id: `kube:${context.name}`,
      label: `Switch to context ${context.name}${context.name === state.kube.currentContext ? ' (current)' : ''}`,
      group: 'Kubernetes context',
      run: () => actions.selectContext(context.name),
    });
    const setDefault = actions.setDefaultContext;
    if (setDefault && context.name !== state.kube.kubeconfig.defaultContext) {
      commands.push({
        id: `kube-default:${context.name}`,
        label: `Set ${context.name} as the default context (kubeconfig)`,
        group: 'Kubernetes context',
        run: () => setDefault(context.name),
      });
    }
  }
  for (const engine of state.docker.engines) {
    const shown = state.docker.selectedEngineIds.includes(engine.id);
    commands.push({
      id: `docker:${engine.id}`,
      label: `${shown ? 'Hide' : 'Show'} Docker engine ${engine.name}`,
      group: 'Docker engine',
      run: () => actions.toggleEngine(engine.id),
    });
  }
  return commands;
}

/**
 * Subsequence match, case-insensitive ("kprod" finds "Switch to context prod" via k…prod).
 * Returns a score (lower is better) or null when it does not match.
 */
export function matchScore(query: string, label: string): number | null {
  const q = query.trim().toLowerCase();
  if (!q) return 0;
  const text = label.toLowerCase();
  const direct = text.indexOf(q);
  if (direct >= 0) return direct;
  let position = -1;
  let gaps = 0;
  for (const ch of q) {
    if (ch === ' ') continue;
    const next = text.indexOf(ch, position + 1);
    if (next < 0) return null;
    gaps += next - position - 1;
    position = next;
  }
  return 1000 + gaps;
}

export function filterCommands(commands: PaletteCommand[], query: string): PaletteCommand[] {
  return commands
    .map((command, index) => ({ command, index, score: matchScore(query, command.label) }))
    .filter((c): c is { command: PaletteCommand; index: number; score: number } => c.score !== null)
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .map((c) => c.command);
}
