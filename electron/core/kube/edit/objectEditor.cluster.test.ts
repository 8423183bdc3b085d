import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodName, MethodResult } from '../../../../shared/contract';
import type { DiffLine } from '../../../../shared/kube/edit';
import { kubectl, kubectlApply, testNamespace } from '../../../../e2e/cluster/clusterTestKit';
import { kubeBackend } from '../../../../e2e/cluster/kubeBackend';
import { clusterSkipReason } from '../../../../e2e/cluster/testKubeconfig';
import type { Backend } from '../../backend';

const skip = clusterSkipReason();
const ownNamespace = testNamespace('edit');
const NAMESPACE = ownNamespace.name;

interface Stored {
  metadata: {
    name: string;
    resourceVersion: string;
    labels?: Record<string, string>;
    annotations: Record<string, string>;
  };
  data?: Record<string, string>;
  binaryData?: Record<string, string>;
  spec: { replicas?: number; [field: string]: unknown };
}

function getObject(kind: string, name: string): Stored {
  return JSON.parse(kubectl('get', kind, name, '-n', NAMESPACE, '-o', 'json')) as Stored;
}

/** A new Deployment, once its controller has stopped writing to it (an edit started earlier would conflict). */
async function createSettledDeployment(name: string): Promise<void> {
  kubectl('create', 'deployment', name, '-n', NAMESPACE, '--image=berth-test/busybox:1', '--replicas=0');
  const deadline = Date.now() + 30_000;
  while (!kubectl('get', 'deployment', name, '-n', NAMESPACE, '-o', 'json').includes('NewReplicaSetAvailable')) {
    if (Date.now() > deadline) throw new Error(`deployment ${name} did not settle in 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function configMap(name: string, data: Record<string, string>, extra: object = {}): object {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: NAMESPACE }, data, ...extra };
}

function added(diff: DiffLine[]): string[] {
  return diff.flatMap((line) => (line.op === 'added' ? [line.text] : []));
}

describe.skipIf(skip !== null)(`Edit YAML against the real test cluster${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let backend: Backend;
  async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResult<M>> {
    const result = await backend.router.invoke(method, input);
    if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
    return result.value as MethodResult<M>;
  }
  const ref = (name: string, kind = 'configmaps') => ({ context: 'berth-a', kind, namespace: NAMESPACE, name });

  beforeAll(() => {
    ownNamespace.create();
    backend = kubeBackend();
  });

  afterAll(async () => {
    await backend?.dispose();
    ownNamespace.remove();
  });

  it('reviews an edit with a server-side dry run: the diff shows the change and nothing is written', async () => {
    kubectlApply(configMap('review', { color: 'blue' }));
    const session = await call('kube.object.edit.start', { ...ref('review'), reveal: true });
    expect(session.yaml).not.toMatch(/managedFields|resourceVersion|status:/);
    const yaml = session.yaml.replace('  color: blue\n', '  color: blue\n  size: large\n');
    expect(yaml).not.toBe(session.yaml);

    const review = await call('kube.object.edit.review', {
      ...ref('review'),
      reveal: true,
      original: session.yaml,
      yaml,
      resourceVersion: session.resourceVersion,
    });

    expect(review.outcome).toBe('changes');
    if (review.outcome !== 'changes') return;
    expect(review.changed).toBe(1);
    expect(added(review.diff)).toEqual(['  size: large']);
    // Noise of every write (resourceVersion, managedFields) is not in the diff.
    expect(JSON.stringify(review.diff)).not.toMatch(/resourceVersion|managedFields/);
    const stored = getObject('configmap', 'review');
    expect(stored.data).toEqual({ color: 'blue' });
    expect(stored.metadata.resourceVersion).toBe(session.resourceVersion);

    const applied = await call('kube.object.edit.apply', {
      ...ref('review'),
      reveal: true,
      original: session.yaml,
      yaml,
      resourceVersion: session.resourceVersion,
    });
    expect(applied.outcome).toBe('changes');
    expect(getObject('configmap', 'review').data).toEqual({ color: 'blue', size: 'large' });
  });

  it('reports a change made meanwhile as a conflict, overwrites nothing, and replays the edit on the new version', async () => {
    kubectlApply(configMap('conflict', { color: 'blue' }));
    const session = await call('kube.object.edit.start', { ...ref('conflict'), reveal: true });
    const yaml = session.yaml.replace('  color: blue\n', '  color: green\n');
    kubectl('label', 'configmap', 'conflict', '-n', NAMESPACE, 'changed-by=someone-else');
    const input = {
      ...ref('conflict'),
      reveal: true,
      original: session.yaml,
      yaml,
      resourceVersion: session.resourceVersion,
    };

    for (const method of ['kube.object.edit.review', 'kube.object.edit.apply'] as const) {
      const outcome = await call(method, input);
      expect(outcome.outcome).toBe('conflict');
      if (outcome.outcome === 'conflict')
        expect(outcome.message).toMatch(/changed on the server since you started editing/);
    }
    const stored = getObject('configmap', 'conflict');
    expect(stored.data).toEqual({ color: 'blue' });
    expect(stored.metadata.labels).toEqual({ 'changed-by': 'someone-else' });

    const rebased = await call('kube.object.edit.rebase', input);
    expect(rebased.resourceVersion).toBe(stored.metadata.resourceVersion);
    expect(rebased.edited).toMatch(/color: green/);
    expect(rebased.edited).toMatch(/changed-by: someone-else/);
    const applied = await call('kube.object.edit.apply', {
      ...input,
      original: rebased.yaml,
      yaml: rebased.edited,
      resourceVersion: rebased.resourceVersion,
    });
    expect(applied.outcome).toBe('changes');
    const after = getObject('configmap', 'conflict');
    expect(after.data).toEqual({ color: 'green' });
    expect(after.metadata.labels).toEqual({ 'changed-by': 'someone-else' });
  });

  it('shows the server’s validation message for an invalid edit, and writes nothing', async () => {
    await createSettledDeployment('invalid');
    const session = await call('kube.object.edit.start', ref('invalid', 'deployments.apps'));
    expect(session.yaml).toMatch(/^ {2}replicas: 0$/m);
    const yaml = session.yaml.replace(/^ {2}replicas: 0$/m, '  replicas: -3');

    const review = await call('kube.object.edit.review', {
      ...ref('invalid', 'deployments.apps'),
      original: session.yaml,
      yaml,
      resourceVersion: session.resourceVersion,
    });

    expect(review.outcome).toBe('invalid');
    if (review.outcome === 'invalid')
      expect(review.message).toMatch(/spec\.replicas.*must be greater than or equal to 0/);
    expect(getObject('deployment', 'invalid').spec.replicas).toBe(0);
  });

  it('keeps what the user did not touch: withheld values and kubectl’s last-applied copy of them', async () => {
    kubectlApply(configMap('untouched', { password: 's3cret' }, { binaryData: { blob: 'AAEC' } }));
    const before = getObject('configmap', 'untouched');
    const lastApplied = before.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'];
    expect(lastApplied).toContain('s3cret');

    const session = await call('kube.object.edit.start', ref('untouched'));
    expect(session.withheld.sort()).toEqual(['blob', 'password']);
    expect(session.yaml).not.toContain('s3cret');
    expect(session.yaml).not.toContain('AAEC');
    expect(session.yaml).not.toContain('last-applied');
    const yaml = session.yaml.replace('  name: untouched\n', '  name: untouched\n  labels:\n    tier: backend\n');
    const applied = await call('kube.object.edit.apply', {
      ...ref('untouched'),
      original: session.yaml,
      yaml,
      resourceVersion: session.resourceVersion,
    });
    expect(applied.outcome).toBe('changes');
    if (applied.outcome === 'changes') expect(JSON.stringify(applied.diff)).not.toContain('s3cret');

    const after = getObject('configmap', 'untouched');
    expect(after.metadata.labels).toEqual({ tier: 'backend' });
    expect(after.data).toEqual({ password: 's3cret' });
    expect(after.binaryData).toEqual({ blob: 'AAEC' });
    expect(after.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe(lastApplied);

    // Typing values while they are withheld is refused, not half-applied.
    const typed = `${session.yaml}data:\n  password: guessed\n`;
    const refused = await call('kube.object.edit.review', {
      ...ref('untouched'),
      original: session.yaml,
      yaml: typed,
      resourceVersion: after.metadata.resourceVersion,
    });
    expect(refused.outcome).toBe('refused');
  });

  it('a Deployment edit changes the field edited and keeps every other field', async () => {
    await createSettledDeployment('keep');
    kubectl('annotate', 'deployment', 'keep', '-n', NAMESPACE, 'note=2024-01-01T00:00:00Z', 'flag=yes', 'version=1.10');
    const before = getObject('deployment', 'keep');
    const session = await call('kube.object.edit.start', ref('keep', 'deployments.apps'));
    const yaml = session.yaml.replace(/^ {2}replicas: 0$/m, '  replicas: 1');
    const applied = await call('kube.object.edit.apply', {
      ...ref('keep', 'deployments.apps'),
      original: session.yaml,
      yaml,
      resourceVersion: session.resourceVersion,
    });
    expect(applied.outcome).toBe('changes');
    if (applied.outcome === 'changes') expect(added(applied.diff)).toEqual(['  replicas: 1']);
    const after = getObject('deployment', 'keep');
    expect(after.spec.replicas).toBe(1);
    const { replicas: _a, ...specBefore } = before.spec;
    const { replicas: _b, ...specAfter } = after.spec;
    expect(specAfter).toEqual(specBefore);
    // Strings that look like a date, a boolean or a number come back as the same strings.
    expect(after.metadata.annotations).toMatchObject({ note: '2024-01-01T00:00:00Z', flag: 'yes', version: '1.10' });
  });

  it('refuses renaming and reports a YAML error with its line and column', async () => {
    kubectlApply(configMap('identity', { a: '1' }));
    const session = await call('kube.object.edit.start', { ...ref('identity'), reveal: true });
    const base = { ...ref('identity'), reveal: true, original: session.yaml, resourceVersion: session.resourceVersion };

    const renamed = await call('kube.object.edit.review', {
      ...base,
      yaml: session.yaml.replace('name: identity', 'name: other'),
    });
    expect(renamed.outcome).toBe('refused');
    if (renamed.outcome === 'refused') expect(renamed.message).toMatch(/metadata\.name cannot be changed/);

    const broken = await call('kube.object.edit.review', { ...base, yaml: 'data:\n  a: "1\nkind: ConfigMap\n' });
    expect(broken.outcome).toBe('parse-error');
    if (broken.outcome === 'parse-error') {
      expect(broken.line).toBeGreaterThanOrEqual(2);
      expect(broken.column).toBeGreaterThanOrEqual(1);
    }
    expect(getObject('configmap', 'identity').metadata.name).toBe('identity');
  });
});
