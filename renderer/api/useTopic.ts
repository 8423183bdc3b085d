import { useEffect, useState } from 'react';
import type { TopicName, TopicParams, TopicPayload } from '../../shared/contract';
import type { BerthError } from '../../shared/errors';
import { api } from './client';

/**
 * The latest value of a topic that sends whole values (a status, a summary) while a
 * component is mounted. `params` are compared by value; null pauses.
 */
export function useTopic<T extends TopicName>(
  topic: T,
  params: TopicParams<T> | null,
): { value: TopicPayload<T> | null; error: BerthError | null } {
  const key = params ? JSON.stringify(params) : null;
  const [state, setState] = useState<{ key: string | null; value: TopicPayload<T> | null; error: BerthError | null }>({
    key: null,
    value: null,
    error: null,
  });
  useEffect(() => {
    if (key === null) return;
    return api.subscribe(
      topic,
      JSON.parse(key) as TopicParams<T>,
      (value) => setState({ key, value, error: null }),
      (error) => setState((prev) => ({ key, value: prev.key === key ? prev.value : null, error })),
    );
  }, [topic, key]);
  // Never show the previous parameters' value under new parameters.
  return state.key === key ? state : { value: null, error: null };
}
