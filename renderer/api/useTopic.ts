import { useEffect, useState } from 'react';
import type { TopicName, TopicParams, TopicPayload } from '../../shared/contract';
import type { BerthError } from '../../shared/errors';
import { api } from './client';

interface TopicState<T extends TopicName> {
  /** The parameters (as JSON) the value and error are for. */
  params: string | null;
  value: TopicPayload<T> | null;
  error: BerthError | null;
}

/**
 * The latest value of a topic that sends whole values (a status, a summary, a list of kinds)
 * while a component is mounted. `params` are compared by value; null pauses. A new
 * `refreshKey` subscribes again (after a failure, when a context is back) and keeps showing
 * the value it has until the new subscription sends one.
 */
export function useTopic<T extends TopicName>(
  topic: T,
  params: TopicParams<T> | null,
  refreshKey?: string | number,
): { value: TopicPayload<T> | null; error: BerthError | null } {
  const key = params ? JSON.stringify(params) : null;
  const [state, setState] = useState<TopicState<T>>({ params: null, value: null, error: null });
  useEffect(() => {
    if (key === null) return;
    return api.subscribe(
      topic,
      JSON.parse(key) as TopicParams<T>,
      (value) => setState({ params: key, value, error: null }),
      (error) => setState((prev) => ({ params: key, value: prev.params === key ? prev.value : null, error })),
    );
  }, [topic, key, refreshKey]);
  // Never show the previous parameters' value under new parameters.
  return state.params === key ? { value: state.value, error: state.error } : { value: null, error: null };
}
