import { readFileSync, writeFileSync } from 'node:fs';
import { dump, load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamChunk } from '../../../../shared/collection';
import type { MethodInput, MethodName, MethodResult } from '../../../../shared/contract';
import type { Result } from '../../../../shared/errors';
import type { PortForwardRow } from '../../../../shared/kube/portForward';
import { Subscription } from '../../../../e2e/docker/dockerTestKit';
import { kubeconfigCopy, kubectl, testNamespace } from '../../../../e2e/cluster/clusterTestKit';
import { kubeBackend } from '../../../../e2e/cluster/kubeBackend';
import { clusterSkipReason } from '../../../../e2e/cluster/testKubeconfig';
import type { Backend } from '../../backend';

const skip = clusterSkipReason();
/** Our own namespace: the only place this suite creates or deletes pods. */
const ownNamespace = testNamespace('forward');
const NAMESPACE = ownNamespace.name;
const KWOK_ANSWER = 'hello from berth-a via kwok port-forward';

/** The terminal's text so far, and how it ended (once it has). */
function terminalText(output: Subscription<StreamChunk<string>>): { text: string; end: string | undefined } {
  return {
    text: output.events.flatMap((chunk) => chunk.items).join(''),
    end: output.events.find((chunk) => chunk.end)?.end?.reason,
  };
}

async function fetchText(port: number): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(15_000) });
  return response.text();
}

describe.skipIf(skip !== null)(
  `Pod terminals and port-forwards, against the real test clusters${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    let backend: Backend;
    const subscriptions: Subscription[] = [];
    const subscribe = <P>(topic: string, params: unknown): Subscription<P> => {
      const subscription = new Subscription<P>(backend, topic, params);
      subscriptions.push(subscription as Subscription);
      return subscription;
    };
    const call = async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodResult<M>>> =>
      (await backend.router.invoke(method, input)) as Result<MethodResult<M>>;
    const forwardRow = (forwards: Subscription, id: string): PortForwardRow | undefined =>
      forwards.rows.get(id) as PortForwardRow | undefined;

    beforeAll(async () => {
      ownNamespace.create();
      backend = kubeBackend();
      await call('kube.context.select', { name: 'berth-a' });
    });

    afterAll(async () => {
      for (const s of subscriptions) s.unsubscribe();
      await backend?.dispose();
      ownNamespace.remove();
    });

    it('runs a shell in a pod’s container: typed input, its output, its exit code', async () => {
      const started = await call('kube.exec.start', {
        context: 'berth-a',
        namespace: 'team-a',
        pod: 'multi-container-demo',
        container: 'web',
        command: ['sh'],
        cols: 100,
        rows: 30,
      });
      if (!started.ok) throw new Error(started.error.message);
      const { sessionId } = started.value;
      const output = subscribe<StreamChunk<string>>('kube.exec.output', { sessionId });
      await call('kube.exec.input', { sessionId, data: 'echo $BERTH_CLUSTER\n' });
      await output.waitFor(() => /berth-a\r?\n/.test(terminalText(output).text), 15_000, 'berth-a echoed');
      // The TTY has the size the terminal asked for, then the one it resized to.
      expect((await call('kube.exec.resize', { sessionId, cols: 120, rows: 40 })).ok).toBe(true);
      await call('kube.exec.input', { sessionId, data: 'stty size\n' });
      await output.waitFor(() => terminalText(output).text.includes('40 120'), 15_000, 'resized TTY');
      await call('kube.exec.input', { sessionId, data: 'exit 3\n' });
      await output.waitFor(() => terminalText(output).end !== undefined, 15_000, 'end of the session');
      expect(terminalText(output).end).toBe('exited with code 3');
      expect(backend.kube.runtime('berth-a')!.streams.count('exec')).toBe(0);
    });

    it('says so when the command is not in the container', async () => {
      const started = await call('kube.exec.start', {
        context: 'berth-a',
        namespace: 'team-a',
        pod: 'multi-container-demo',
        container: 'web',
        command: ['no-such-shell-here'],
        cols: 80,
        rows: 24,
      });
      if (!started.ok) throw new Error(started.error.message);
      const output = subscribe<StreamChunk<string>>('kube.exec.output', { sessionId: started.value.sessionId });
      await output.waitFor(() => terminalText(output).end !== undefined, 15_000, 'end of the session');
      expect(terminalText(output).end).toMatch(/“no-such-shell-here” cannot run in this container/);
    });

    it('refuses with a clear message where exec is forbidden, and for a pod that does not exist', async () => {
      const forbidden = await call('kube.exec.start', {
        context: 'berth-a-readonly',
        namespace: 'shop',
        pod: 'anything',
        container: 'web',
        command: ['sh'],
        cols: 80,
        rows: 24,
      });
      expect(forbidden).toMatchObject({
        ok: false,
        error: {
          code: 'permission_denied',
          message: 'You are not allowed to open a terminal in pod shop/anything in “berth-a-readonly”.',
        },
      });
      const gone = await call('kube.exec.start', {
        context: 'berth-a',
        namespace: 'team-a',
        pod: 'no-such-pod',
        container: 'web',
        command: ['sh'],
        cols: 80,
        rows: 24,
      });
      expect(gone).toMatchObject({
        ok: false,
        error: { code: 'not_found', message: 'The pod team-a/no-such-pod no longer exists in “berth-a”.' },
      });
      // Refusals give their slot back.
      expect(backend.kube.runtime('berth-a')!.streams.count('exec')).toBe(0);
    });

    it('forwards a pod’s named port to 127.0.0.1, lists it with its traffic, and stops it', async () => {
      const forwards = subscribe('kube.forwards', {});
      const started = await call('kube.forward.start', {
        context: 'berth-a',
        namespace: 'team-a',
        target: { kind: 'pod', name: 'multi-container-demo' },
        remotePort: 'http',
      });
      if (!started.ok) throw new Error(started.error.message);
      const row = started.value;
      expect(row).toMatchObject({ localAddress: '127.0.0.1', remotePort: 80, pod: 'multi-container-demo' });
      expect(await fetchText(row.localPort)).toBe(KWOK_ANSWER);
      await forwards.waitFor(
        () => (forwardRow(forwards, row.id)?.bytesIn ?? 0) >= KWOK_ANSWER.length,
        10_000,
        'traffic counted',
      );
      expect(forwardRow(forwards, row.id)).toMatchObject({ state: 'active', totalConnections: 1 });

      expect((await call('kube.forward.stop', { id: row.id })).ok).toBe(true);
      await forwards.waitFor(() => forwardRow(forwards, row.id)?.state === 'ended', 5000, 'ended row');
      expect(forwardRow(forwards, row.id)?.message).toBe('stopped');
      await expect(fetchText(row.localPort)).rejects.toThrow();
      // Stopping an ended forward dismisses it from the list.
      await call('kube.forward.stop', { id: row.id });
      await forwards.waitFor(() => !forwards.rows.has(row.id), 5000, 'row dismissed');
    });

    it('forwards to a Service: a ready pod behind its selector, its targetPort mapped by name', async () => {
      const started = await call('kube.forward.start', {
        context: 'berth-a',
        namespace: 'team-a',
        target: { kind: 'service', name: 'api' },
        remotePort: 80,
      });
      if (!started.ok) throw new Error(started.error.message);
      expect(started.value.pod).toMatch(/^api-/);
      expect(started.value.remotePort).toBe(8080);
      expect(await fetchText(started.value.localPort)).toBe(KWOK_ANSWER);
      await call('kube.forward.stop', { id: started.value.id });
    });

    it('refuses a local port already in use, and suggests a free one', async () => {
      const first = await call('kube.forward.start', {
        context: 'berth-a',
        namespace: 'team-a',
        target: { kind: 'pod', name: 'multi-container-demo' },
        remotePort: 80,
      });
      if (!first.ok) throw new Error(first.error.message);
      const taken = first.value.localPort;
      const second = await call('kube.forward.start', {
        context: 'berth-a',
        namespace: 'team-a',
        target: { kind: 'pod', name: 'multi-container-demo' },
        remotePort: 80,
        localPort: taken,
      });
      expect(second).toMatchObject({ ok: false, error: { code: 'conflict' } });
      if (!second.ok) expect(second.error.message).toContain(`Port ${taken} on 127.0.0.1 is already in use`);
      const suggested = await call('kube.forward.freePort', { preferred: taken });
      expect(suggested.ok && suggested.value.port).not.toBe(taken);
      await call('kube.forward.stop', { id: first.value.id });
    });

    it('ends a forward when its pod is deleted, and says so', async () => {
      kubectl(
        'run',
        'forward-target',
        '-n',
        NAMESPACE,
        '--image=berth-test/busybox:1',
        '--port=80',
        '--overrides={"spec":{"tolerations":[{"operator":"Exists"}]}}',
      );
      kubectl('wait', '-n', NAMESPACE, '--for=condition=Ready', 'pod/forward-target', '--timeout=60s');
      const forwards = subscribe('kube.forwards', {});
      const started = await call('kube.forward.start', {
        context: 'berth-a',
        namespace: NAMESPACE,
        target: { kind: 'pod', name: 'forward-target' },
        remotePort: 80,
      });
      if (!started.ok) throw new Error(started.error.message);
      expect(await fetchText(started.value.localPort)).toBe(KWOK_ANSWER);
      kubectl('delete', 'pod', 'forward-target', '-n', NAMESPACE, '--grace-period=0', '--force', '--wait=false');
      await forwards.waitFor(
        () => forwardRow(forwards, started.value.id)?.state === 'ended',
        20_000,
        'forward ended by the deletion',
      );
      expect(forwardRow(forwards, started.value.id)?.message).toBe('ended: pod deleted');
      await expect(fetchText(started.value.localPort)).rejects.toThrow();
    });

    it('caps the terminals of a context, counting starts still in flight', async () => {
      const starts = await Promise.all(
        Array.from({ length: 17 }, () =>
          call('kube.exec.start', {
            context: 'berth-a',
            namespace: 'team-a',
            pod: 'multi-container-demo',
            container: 'web',
            command: ['sh'],
            cols: 80,
            rows: 24,
          }),
        ),
      );
      const refused = starts.filter((s) => !s.ok);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ error: { message: expect.stringMatching(/Too many open terminals/) } });
      for (const s of starts) if (s.ok) await call('kube.exec.close', { sessionId: s.value.sessionId });
      const runtime = backend.kube.runtime('berth-a')!;
      // Closing sends EOF; the shells exit and give their slots back.
      for (let i = 0; i < 100 && runtime.streams.count('exec') > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(runtime.streams.count('exec')).toBe(0);
    });

    it('caps the forwards of a context, counting starts still in flight', async () => {
      const starts = await Promise.all(
        Array.from({ length: 33 }, () =>
          call('kube.forward.start', {
            context: 'berth-a',
            namespace: 'team-a',
            target: { kind: 'pod', name: 'multi-container-demo' },
            remotePort: 80,
          }),
        ),
      );
      const refused = starts.filter((s) => !s.ok);
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ error: { message: expect.stringMatching(/Too many open port-forwards/) } });
      for (const s of starts) if (s.ok) await call('kube.forward.stop', { id: s.value.id });
      expect(backend.kube.runtime('berth-a')!.streams.count('forward')).toBe(0);
    });

    // Last: it changes the current context of this backend.
    it('ends the forwards of a context when the current context switches away from it', async () => {
      const forwards = subscribe('kube.forwards', {});
      const started = await call('kube.forward.start', {
        context: 'berth-a',
        namespace: 'team-a',
        target: { kind: 'pod', name: 'multi-container-demo' },
        remotePort: 80,
      });
      if (!started.ok) throw new Error(started.error.message);
      await call('kube.context.select', { name: 'berth-b' });
      await forwards.waitFor(
        () => forwardRow(forwards, started.value.id)?.state === 'ended',
        10_000,
        'forward ended by the switch',
      );
      expect(forwardRow(forwards, started.value.id)?.message).toBe('ended: context switched');
    });

    it('ends the terminals and forwards of a context removed from the kubeconfig, saying why', async () => {
      // A copy of the kubeconfig, so that the shared one is never touched.
      const { file } = kubeconfigCopy();
      const original = readFileSync(file, 'utf8');
      const own = kubeBackend({ kubeconfig: file });
      const ownCall = async <M extends MethodName>(
        method: M,
        input: MethodInput<M>,
      ): Promise<Result<MethodResult<M>>> => (await own.router.invoke(method, input)) as Result<MethodResult<M>>;
      const owned: Subscription[] = [];
      try {
        const started = await ownCall('kube.exec.start', {
          context: 'berth-b',
          namespace: 'team-a',
          pod: 'multi-container-demo',
          container: 'web',
          command: ['sh'],
          cols: 80,
          rows: 24,
        });
        if (!started.ok) throw new Error(started.error.message);
        const output = new Subscription<StreamChunk<string>>(own, 'kube.exec.output', {
          sessionId: started.value.sessionId,
        });
        owned.push(output as Subscription);
        await ownCall('kube.exec.input', { sessionId: started.value.sessionId, data: 'echo $BERTH_CLUSTER\n' });
        await output.waitFor(() => /berth-b\r?\n/.test(terminalText(output).text), 15_000, 'berth-b echoed');
        const forward = await ownCall('kube.forward.start', {
          context: 'berth-b',
          namespace: 'team-a',
          target: { kind: 'pod', name: 'multi-container-demo' },
          remotePort: 80,
        });
        if (!forward.ok) throw new Error(forward.error.message);
        const forwards = new Subscription(own, 'kube.forwards', {});
        owned.push(forwards);

        type Named = { name: string; [key: string]: unknown };
        const config = load(original) as { contexts: Named[] };
        writeFileSync(file, dump({ ...config, contexts: config.contexts.filter((c) => c.name !== 'berth-b') }));

        const reason = 'The context “berth-b” was closed.';
        await output.waitFor(() => terminalText(output).end !== undefined, 20_000, 'terminal ended');
        expect(terminalText(output).end).toBe(reason);
        await forwards.waitFor(
          () => forwardRow(forwards, forward.value.id)?.state === 'ended',
          20_000,
          'forward ended',
        );
        expect(forwardRow(forwards, forward.value.id)?.message).toBe(reason);
        await expect(fetchText(forward.value.localPort)).rejects.toThrow();
      } finally {
        for (const s of owned) s.unsubscribe();
        await own.dispose();
      }
    });
  },
);
