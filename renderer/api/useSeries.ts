import { useEffect, useState } from 'react';
import type { SeriesEvent } from '../../shared/collection';
import type { TopicName, TopicParams, TopicPayload } from '../../shared/contract';
import type { BerthError } from '../../shared/errors';
import { mergeSamples, type Timed } from '../store/series';
import { api } from './client';

export type SeriesTopic = {
  [T in TopicName]: TopicPayload<T> extends SeriesEvent<infer _P> ? T : never;
}[TopicName];

export type PointOf<T extends SeriesTopic> = TopicPayload<T> extends SeriesEvent<infer P extends Timed> ? P : never;

export interface SeriesView<P> {
  /** Oldest first, bounded (see `mergeSamples`). */
  points: P[];
  error: BerthError | null;
}

/**
 * Subscribes a component to a time-series topic while it is mounted: the history the
 * backend kept comes first, then new points are appended. `params` are compared by
 * value, so callers may pass a fresh object each render.
 */
export function useSeries<T extends SeriesTopic>(topic: T, params: TopicParams<T>): SeriesView<PointOf<T>> {
  type P = PointOf<T>;
  const key = JSON.stringify(params);
  const [view, setView] = useState<{ key: string; points: P[]; error: BerthError | null }>({
    key,
    points: [],
    error: null,
  });

  useEffect(() => {
    setView({ key, points: [], error: null });
    return api.subscribe(
      topic,
      JSON.parse(key) as TopicParams<T>,
      (payload) => {
        const event = payload as unknown as SeriesEvent<P>;
        setView((prev) => ({
          key,
          points: mergeSamples(event.type === 'history' ? [] : prev.points, event.samples),
          error: null,
        }));
      },
      (error) => setView((prev) => ({ ...prev, key, error })),
    );
  }, [topic, key]);

  // Never show the previous parameters' points under new parameters.
  return view.key === key ? view : { points: [], error: null };
}
