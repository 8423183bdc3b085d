import { describe, expect, it, vi } from 'vitest';
import { BerthFailure } from '../../shared/errors';
import { Router } from './router';

function routerWithHandlers(): Router {
  const router = new Router();
  router.method('kube.context.select', ({ name }) => {
    if (name === 'missing') throw new BerthFailure({ code: 'not_found', message: 'No such context.' });
    if (name === 'boom') throw new Error('kaput');
    return {
      docker: { engines: [], searched: [], selectedEngineIds: [] },
      kube: { kubeconfig: { paths: [], missing: [] }, contexts: [], currentContext: name, pinned: [], readOnly: [] },
    };
  });
  return router;
}

describe('Router', () => {
  it('calls a handler with validated input and returns its value', async () => {
    const result = await routerWithHandlers().invoke('kube.context.select', { name: 'dev' });
    expect(result).toMatchObject({ ok: true, value: { kube: { currentContext: 'dev' } } });
  });

  it.each([
    ['a missing field', {}],
    ['a wrong type', { name: 42 }],
    ['an unknown extra field', { name: 'dev', extra: true }],
    ['an empty string', { name: '' }],
    ['not an object', 'dev'],
    ['an oversized string', { name: 'x'.repeat(10_000) }],
  ])('rejects %s with a typed invalid_input error', async (_label, input) => {
    const result = await routerWithHandlers().invoke('kube.context.select', input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.message).toMatch(/^Invalid input for kube\.context\.select/);
    }
  });

  it('rejects unknown and non-string method names', async () => {
    const router = routerWithHandlers();
    for (const name of ['no.such.method', 42, null, '__proto__', 'constructor']) {
      const result = await router.invoke(name, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    }
  });

  it('passes BerthFailures through and turns other errors into internal errors with detail', async () => {
    const router = routerWithHandlers();
    expect(await router.invoke('kube.context.select', { name: 'missing' })).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'No such context.' },
    });
    expect(await router.invoke('kube.context.select', { name: 'boom' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Something went wrong inside Berth.', detail: 'kaput' },
    });
  });

  it('refuses a second handler for the same name', () => {
    const router = routerWithHandlers();
    expect(() => router.method('kube.context.select', () => ({}) as never)).toThrow(/twice/);
  });

  it('streams topic events until unsubscribed', () => {
    const router = new Router();
    let emit: ((n: number) => void) | undefined;
    const stop = vi.fn();
    router.topic('app.commands', (_params, sink) => {
      emit = (n) => sink.emit({ type: 'navigate', view: n === 1 ? 'containers' : 'topology' });
      return stop;
    });
    const events: unknown[] = [];
    const unsubscribe = router.subscribe('app.commands', {}, { event: (p) => events.push(p), error: () => {} });
    emit!(1);
    unsubscribe();
    emit!(2);
    expect(events).toEqual([{ type: 'navigate', view: 'containers' }]);
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('reports unknown topics and invalid params to the sink, not by throwing', () => {
    const router = new Router();
    router.topic('app.commands', () => () => {});
    const errors: string[] = [];
    const sink = { event: () => {}, error: (e: { code: string }) => errors.push(e.code) };
    router.subscribe('nope', {}, sink);
    router.subscribe('app.commands', { unexpected: 1 }, sink);
    expect(errors).toEqual(['unknown_topic', 'invalid_input']);
  });

  it('stops an async topic that was unsubscribed before it finished starting', async () => {
    const router = new Router();
    const stop = vi.fn();
    let release!: () => void;
    router.topic('app.commands', () => new Promise((resolve) => (release = () => resolve(stop))));
    const unsubscribe = router.subscribe('app.commands', {}, { event: () => {}, error: () => {} });
    unsubscribe();
    release();
    await Promise.resolve();
    await Promise.resolve();
    expect(stop).toHaveBeenCalledTimes(1);
  });

  it('turns a failing topic start into a sink error', async () => {
    const router = new Router();
    router.topic('app.commands', () =>
      Promise.reject(new BerthFailure({ code: 'unavailable', message: 'Engine down.' })),
    );
    const error = await new Promise((resolve) =>
      router.subscribe('app.commands', {}, { event: () => {}, error: resolve }),
    );
    expect(error).toEqual({ code: 'unavailable', message: 'Engine down.' });
  });
});
