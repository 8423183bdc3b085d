import { BerthFailure } from '../../../../shared/errors';
import type { EditOutcome, EditSession, RebasedEdit } from '../../../../shared/kube/edit';
import type { KubeObject } from '../../../../shared/kube/object';
import type { MethodParsedInput } from '../../../../shared/contract';
import type { WriteGuard } from '../actions/writeGuard';
import type { Router } from '../../router';
import type { ClusterRuntime } from '../clusterRuntime';
import { KubeApiError } from '../connection/kubeApiError';
import {
  applyMergePatch,
  bodyToSend,
  diffView,
  editableObject,
  identityChange,
  mergePatch,
  parseEdit,
  toEditYaml,
} from './editableObject';
import { lineDiff } from './lineDiff';

type EditInput = MethodParsedInput<'kube.object.edit.review'>;

/**
 * The one write of an edited object: a PUT carrying the resourceVersion the edit started
 * from, so the API server refuses it (409) if anyone changed the object meanwhile. With
 * `dryRun` the server validates and answers what it would store, and stores nothing.
 * PUT rather than server-side apply on purpose: the user edits the whole object, so a field
 * they delete must go, whoever set it; apply would keep fields owned by other managers.
 */
async function writeObject(runtime: ClusterRuntime, path: string, body: unknown, dryRun: boolean): Promise<KubeObject> {
  return runtime.client.json<KubeObject>({ path, method: 'PUT', body, query: dryRun ? { dryRun: 'All' } : {} });
}

const CONFLICT_MESSAGE =
  'This object changed on the server since you started editing: nothing was written. Reload your edit on top of the new version, review, and apply again.';

/** The object as the user starts editing it. */
export async function startEdit(
  runtime: ClusterRuntime,
  input: MethodParsedInput<'kube.object.edit.start'>,
): Promise<EditSession> {
  const { declaration, path, what } = await runtime.locate(input.kind, input.namespace, input.name);
  const server = await runtime.client.json<KubeObject>({ path }).catch((error: unknown) => {
    throw runtime.failure(error, what);
  });
  const { object, withheld } = editableObject(declaration.kind, server, input.reveal);
  return { yaml: toEditYaml(object), resourceVersion: server.metadata.resourceVersion ?? '', withheld };
}

/** Reviews (`dryRun`) or applies an edit: every refusal is a value, and the user's text is never touched. */
export async function submitEdit(runtime: ClusterRuntime, input: EditInput, dryRun: boolean): Promise<EditOutcome> {
  const parsed = parseEdit(input.yaml);
  if (!parsed.ok) return { outcome: 'parse-error', message: parsed.message, line: parsed.line, column: parsed.column };
  const original = parseEdit(input.original);
  if (!original.ok) throw new BerthFailure({ code: 'invalid_input', message: 'The edit’s starting YAML is damaged.' });
  const identity = identityChange(original.object, parsed.object);
  if (identity) return { outcome: 'refused', message: identity };

  const { declaration, path, what } = await runtime.locate(input.kind, input.namespace, input.name);
  const kind = declaration.kind;
  const server = await runtime.client.json<KubeObject>({ path }).catch((error: unknown) => {
    throw runtime.failure(error, what);
  });
  if (server.metadata.resourceVersion !== input.resourceVersion)
    return { outcome: 'conflict', message: CONFLICT_MESSAGE };
  const body = bodyToSend(kind, parsed.object, server, input.resourceVersion, input.reveal);
  if (!body.ok) return { outcome: 'refused', message: body.message };

  let stored: KubeObject;
  try {
    stored = await writeObject(runtime, path, body.body, dryRun);
  } catch (error) {
    if (error instanceof KubeApiError) {
      if (error.statusCode === 409) return { outcome: 'conflict', message: CONFLICT_MESSAGE };
      if (error.statusCode === 422 || error.statusCode === 400) return { outcome: 'invalid', message: error.message };
      if (error.statusCode === 403) {
        throw new BerthFailure({
          code: 'permission_denied',
          message: `You are not allowed to change ${what} in “${runtime.name}”.`,
          detail: error.message,
        });
      }
    }
    throw runtime.failure(error, what);
  }
  const { lines, changed } = lineDiff(diffView(kind, server, input.reveal), diffView(kind, stored, input.reveal));
  return {
    outcome: 'changes',
    diff: lines,
    changed,
    ...(dryRun ? {} : { resourceVersion: stored.metadata.resourceVersion ?? '' }),
  };
}

/** The user's changes (original → their text) replayed on the object as the server has it now. */
export async function rebaseEdit(runtime: ClusterRuntime, input: EditInput): Promise<RebasedEdit> {
  const parsed = parseEdit(input.yaml);
  const original = parseEdit(input.original);
  if (!parsed.ok || !original.ok) {
    throw new BerthFailure({
      code: 'invalid_input',
      message: 'Fix the YAML first: only a valid edit can be reloaded.',
    });
  }
  const fresh = await startEdit(runtime, input);
  const latest = parseEdit(fresh.yaml);
  if (!latest.ok) throw new BerthFailure({ code: 'internal', message: 'The server’s object could not be read back.' });
  const rebased = applyMergePatch(latest.object, mergePatch(original.object, parsed.object));
  return { ...fresh, edited: toEditYaml(rebased) };
}

/** The `kube.object.edit.*` methods; `use` holds a context's runtime for the call. */
export function registerObjectEditor(
  router: Router,
  use: (context: string) => { runtime: ClusterRuntime; done: () => void },
  guard: WriteGuard,
): void {
  const on =
    <T, I extends { context: string }>(run: (runtime: ClusterRuntime, input: I) => Promise<T>) =>
    async (input: I): Promise<T> => {
      const { runtime, done } = use(input.context);
      try {
        return await run(runtime, input);
      } finally {
        done();
      }
    };
  router.method('kube.object.edit.start', on(startEdit));
  router.method(
    'kube.object.edit.review',
    on((runtime, input: EditInput) => submitEdit(runtime, input, true)),
  );
  // A review is a dry run and writes nothing, so it stays open on a read-only context.
  router.method(
    'kube.object.edit.apply',
    on((runtime, input: EditInput) => {
      guard.assertWritable(input.context, `apply an edit to ${input.name}`);
      return submitEdit(runtime, input, false);
    }),
  );
  router.method('kube.object.edit.rebase', on(rebaseEdit));
}
