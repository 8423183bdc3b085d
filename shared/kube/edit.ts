/** One line of a before/after diff: kept, removed, added, or a run of kept lines folded away. */
export type DiffLine = { op: 'same' | 'removed' | 'added'; text: string } | { op: 'folded'; count: number };

/** An object opened for editing: its YAML and the version the edit starts from. */
export interface EditSession {
  yaml: string;
  resourceVersion: string;
  /**
   * Keys whose values are not in `yaml` because the user has not revealed them (Secrets,
   * ConfigMaps): they are written back as the server has them.
   */
  withheld: string[];
}

/** An edit reloaded on a newer version: the new starting point, and the user's changes on top of it. */
export interface RebasedEdit extends EditSession {
  edited: string;
}

/** What the server said about an edit (a dry run or the write itself). */
export type EditOutcome =
  /** The edit as the server would store it: the diff against what it has now. */
  | { outcome: 'changes'; diff: DiffLine[]; changed: number; resourceVersion?: string }
  /** The YAML does not parse: where, and why. */
  | { outcome: 'parse-error'; message: string; line?: number; column?: number }
  /** Refused before asking the server (kind, name, namespace or uid changed; values withheld). */
  | { outcome: 'refused'; message: string }
  /** The server's validation rejected it, in its own words. */
  | { outcome: 'invalid'; message: string }
  /** Someone changed the object since the edit started: nothing was written. */
  | { outcome: 'conflict'; message: string };
