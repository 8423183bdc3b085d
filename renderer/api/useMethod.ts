import { useCallback, useEffect, useState } from 'react';
import type { MethodInput, MethodName, MethodResult } from '../../shared/contract';
import { api, errorMessage } from './client';

export interface MethodView<T> {
  value: T | null;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Calls a read-only method while a component is mounted and again when `input` or
 * `refreshKey` change (compared by value). Stale answers never overwrite newer ones.
 */
export function useMethod<M extends MethodName>(
  method: M,
  input: MethodInput<M> | null,
  refreshKey?: unknown,
): MethodView<MethodResult<M>> {
  const key = input === null ? null : JSON.stringify([input, refreshKey ?? null]);
  const [tick, setTick] = useState(0);
  const [state, setState] = useState<{
    key: string | null;
    value: MethodResult<M> | null;
    error: string | null;
    loading: boolean;
  }>({
    key: null,
    value: null,
    error: null,
    loading: false,
  });

  useEffect(() => {
    if (key === null) return;
    let current = true;
    setState((s) => ({ ...s, key, loading: true, error: null }));
    const [parsed] = JSON.parse(key) as [MethodInput<M>];
    api.invoke(method, parsed).then(
      (value) => current && setState({ key, value, error: null, loading: false }),
      (error: unknown) => current && setState({ key, value: null, error: errorMessage(error), loading: false }),
    );
    return () => {
      current = false;
    };
  }, [method, key, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { value: state.value, error: state.error, loading: state.loading, reload };
}
