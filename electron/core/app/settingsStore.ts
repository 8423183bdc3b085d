import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** What Berth remembers between runs: the user's choices, never data from engines. */
export interface Settings {
  kubeContext?: string;
  kubePinned?: string[];
  kubeReadOnly?: string[];
  dockerEngineIds?: string[];
}

/** Web mode's settings folder (Electron passes its userData folder instead). */
export function defaultSettingsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'berth');
}

/** Settings in one JSON file. A missing or corrupt file means defaults, never a crash. */
export class SettingsStore {
  private readonly file: string;

  constructor(private readonly dir: string) {
    this.file = join(dir, 'settings.json');
  }

  read(): Settings {
    try {
      const value = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      if (typeof value !== 'object' || value === null) return {};
      const v = value as Record<string, unknown>;
      return {
        ...(typeof v.kubeContext === 'string' ? { kubeContext: v.kubeContext } : {}),
        ...(Array.isArray(v.kubePinned) && v.kubePinned.every((name) => typeof name === 'string')
          ? { kubePinned: v.kubePinned as string[] }
          : {}),
        ...(Array.isArray(v.kubeReadOnly) && v.kubeReadOnly.every((name) => typeof name === 'string')
          ? { kubeReadOnly: v.kubeReadOnly as string[] }
          : {}),
        ...(Array.isArray(v.dockerEngineIds) && v.dockerEngineIds.every((id) => typeof id === 'string')
          ? { dockerEngineIds: v.dockerEngineIds as string[] }
          : {}),
      };
    } catch {
      return {};
    }
  }

  update(change: Partial<Settings>): void {
    const next = { ...this.read(), ...change };
    try {
      mkdirSync(this.dir, { recursive: true });
      // Write then rename, so a crash mid-write cannot leave half a file.
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(next, null, 2));
      renameSync(tmp, this.file);
    } catch {
      // Not being able to remember a choice must not break the app.
    }
  }
}
