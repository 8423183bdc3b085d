import { create } from 'zustand';
import type { ContainerAction, ContainerRow } from '../../../shared/docker';
import { api, errorMessage } from '../../api/client';
import { containerKey } from './containerList';

export type ActionName = ContainerAction | 'remove';

export interface ActionStatus {
  /** The action in flight, if any: its button shows busy. */
  busy?: ActionName;
  /** The last failure, for the user: what failed and the engine's message. */
  error?: { action: ActionName; message: string };
}

/**
 * Progress and errors of container actions, per container (row and details panel read the
 * same entry). The list itself only changes when the engine reports the new state.
 */
export const useContainerActions = create<Record<string, ActionStatus>>(() => ({}));

function set(key: string, status: ActionStatus): void {
  useContainerActions.setState((s) => ({ ...s, [key]: status }));
}

export function clearActionError(key: string): void {
  const current = useContainerActions.getState()[key];
  if (current?.error) set(key, { ...current, error: undefined });
}

async function run(
  row: Pick<ContainerRow, 'engineId' | 'id'>,
  action: ActionName,
  call: () => Promise<unknown>,
): Promise<boolean> {
  const key = containerKey(row);
  if (useContainerActions.getState()[key]?.busy) return false;
  set(key, { busy: action });
  try {
    await call();
    set(key, {});
    return true;
  } catch (error) {
    set(key, { error: { action, message: errorMessage(error) } });
    return false;
  }
}

export function runContainerAction(
  row: Pick<ContainerRow, 'engineId' | 'id'>,
  action: ContainerAction,
): Promise<boolean> {
  return run(row, action, () => api.invoke('docker.container.action', { engineId: row.engineId, id: row.id, action }));
}

export function removeContainer(row: Pick<ContainerRow, 'engineId' | 'id'>, force: boolean): Promise<boolean> {
  return run(row, 'remove', () => api.invoke('docker.container.remove', { engineId: row.engineId, id: row.id, force }));
}

/** Runs one action on several containers (a Compose group), one request each, in parallel. */
export async function runGroupAction(
  rows: ReadonlyArray<Pick<ContainerRow, 'engineId' | 'id'>>,
  action: ContainerAction,
): Promise<void> {
  await Promise.all(rows.map((row) => runContainerAction(row, action)));
}

export const ACTION_LABEL: Record<ActionName, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  pause: 'Pause',
  unpause: 'Unpause',
  kill: 'Kill',
  remove: 'Remove',
};
