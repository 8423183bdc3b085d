import { z } from 'zod';
import type { AppState } from '../app';
import type { EditOutcome, EditSession, RebasedEdit } from '../kube/edit';
import { assertSameKeys, type MethodSchemas, type SameKeys } from './define';
import { kubeObjectRef } from './kube';

/** A YAML edit is at most this long (the API server refuses bodies over 3 MiB anyway). */
const yaml = z.string().max(3 * 1024 * 1024);

const edit = kubeObjectRef.extend({
  /** Whether the user revealed Secret/ConfigMap values: without it they are kept as on the server. */
  reveal: z.boolean().default(false),
  /** The YAML the edit started from (EditSession.yaml) and the user's text. */
  original: yaml,
  yaml,
  resourceVersion: z.string().min(1).max(64),
});

export const kubeEditMethods = {
  /** The object as the server has it, as YAML to edit (no status, no managed fields). */
  'kube.object.edit.start': kubeObjectRef.extend({ reveal: z.boolean().default(false) }),
  /** A server-side dry run of the edit: the server's verdict and, if it accepts, the diff. Writes nothing. */
  'kube.object.edit.review': edit,
  /** Writes the edit, only if the object is still at `resourceVersion`. */
  'kube.object.edit.apply': edit,
  /** The user's changes (original → yaml) replayed on the object as the server has it now. */
  'kube.object.edit.rebase': edit,
  /** Writes `current-context` in the kubeconfig file kubectl would change; nothing else in it. */
  'kube.context.setDefault': z.strictObject({ name: z.string().min(1).max(512) }),
} satisfies MethodSchemas;

export interface KubeEditMethodResults {
  'kube.object.edit.start': EditSession;
  'kube.object.edit.review': EditOutcome;
  'kube.object.edit.apply': EditOutcome;
  'kube.object.edit.rebase': RebasedEdit;
  'kube.context.setDefault': { path: string; state: AppState };
}

assertSameKeys<SameKeys<typeof kubeEditMethods, KubeEditMethodResults>>();
