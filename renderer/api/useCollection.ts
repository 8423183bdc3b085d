import { useEffect, useMemo, useState } from 'react';
import type { CollectionEvent } from '../../shared/collection';
import type { TopicName, TopicParams, TopicPayload } from '../../shared/contract';
import type { BerthError } from '../../shared/errors';
import { applyCollectionEvent, emptyCollection, type CollectionState } from '../store/collection';
import { api } from './client';

export type CollectionTopic = {
  [T in TopicName]: TopicPayload<T> extends CollectionEvent<infer _Row> ? T : never;
}[TopicName];

export type RowOf<T extends CollectionTopic> =
  TopicPayload<T> extends CollectionEvent<infer Row> ? Row & { id: string } : never;

export interface CollectionView<Row> extends CollectionState<Row> {
  error: BerthError | null;
}

/** Folds one event of a topic into its rows; null when the event does not follow the last one. */
export type RowsReducer<T extends TopicName, Row> = (
  state: CollectionState<Row>,
  event: TopicPayload<T>,
) => CollectionState<Row> | null;

/**
 * Subscribes to a collection topic and keeps its rows: snapshot, then deltas; a gap in
 * `seq` starts over from a fresh snapshot. Returns the unsubscribe.
 */
export function subscribeCollection<T extends CollectionTopic>(
  topic: T,
  params: TopicParams<T>,
  onChange: (view: CollectionView<RowOf<T>>) => void,
): () => void {
  return subscribeRows(topic, params, applyEvent<T>, onChange);
}

function applyEvent<T extends CollectionTopic>(
  state: CollectionState<RowOf<T>>,
  event: TopicPayload<T>,
): CollectionState<RowOf<T>> | null {
  return applyCollectionEvent(state, event as unknown as CollectionEvent<RowOf<T>>);
}

/** `subscribeCollection` for a topic whose events `apply` folds into rows (e.g. deltas of samples, not rows). */
export function subscribeRows<T extends TopicName, Row>(
  topic: T,
  params: TopicParams<T>,
  apply: RowsReducer<T, Row>,
  onChange: (view: CollectionView<Row>) => void,
): () => void {
  let state = emptyCollection<Row>();
  let stop: (() => void) | undefined;
  let stopped = false;
  const start = (): void => {
    stop = api.subscribe(
      topic,
      params,
      (payload) => {
        const next = apply(state, payload);
        if (!next) {
          // Missed a delta: start over from a snapshot.
          stop?.();
          state = emptyCollection<Row>();
          if (!stopped) start();
          return;
        }
        state = next;
        onChange({ ...state, error: null });
      },
      (error) => onChange({ ...state, error }),
    );
  };
  start();
  return () => {
    stopped = true;
    stop?.();
  };
}

function emptyView<Row>(): CollectionView<Row> {
  return { ...emptyCollection<Row>(), error: null };
}

/**
 * Subscribes a component to a collection topic while it is mounted. `params` are
 * compared by value, so callers may pass a fresh object each render; null pauses.
 */
export function useCollection<T extends CollectionTopic>(
  topic: T,
  params: TopicParams<T> | null,
): CollectionView<RowOf<T>> {
  return useRows(topic, params, applyEvent<T>);
}

/** `useCollection` for a topic whose events `apply` folds into rows; `apply` must not change between renders. */
export function useRows<T extends TopicName, Row>(
  topic: T,
  params: TopicParams<T> | null,
  apply: RowsReducer<T, Row>,
): CollectionView<Row> {
  const key = params ? JSON.stringify(params) : null;
  const [view, setView] = useState<{ key: string | null; view: CollectionView<Row> }>({ key, view: emptyView() });

  useEffect(() => {
    if (key === null) return;
    setView({ key, view: emptyView() });
    return subscribeRows(topic, JSON.parse(key) as TopicParams<T>, apply, (next) => setView({ key, view: next }));
  }, [topic, key, apply]);

  // Never show the previous parameters' rows under new parameters.
  return view.key === key ? view.view : emptyView();
}

/**
 * The same topic with several parameter sets at once (e.g. one per selected engine).
 * Returns one view per parameter set, in the order given.
 */
export function useCollections<T extends CollectionTopic>(
  topic: T,
  paramsList: ReadonlyArray<TopicParams<T>>,
): Array<CollectionView<RowOf<T>>> {
  const keys = paramsList.map((p) => JSON.stringify(p));
  const joined = JSON.stringify(keys);
  const [views, setViews] = useState<Record<string, CollectionView<RowOf<T>>>>({});

  useEffect(() => {
    const list = JSON.parse(joined) as string[];
    const stops = list.map((key) =>
      subscribeCollection(topic, JSON.parse(key) as TopicParams<T>, (next) =>
        setViews((prev) => ({ ...prev, [key]: next })),
      ),
    );
    return () => {
      for (const stop of stops) stop();
      setViews((prev) => Object.fromEntries(Object.entries(prev).filter(([k]) => !list.includes(k))));
    };
  }, [topic, joined]);

  // The same array while nothing changed, so callers can memoize on it.
  return useMemo(() => (JSON.parse(joined) as string[]).map((key) => views[key] ?? emptyView()), [views, joined]);
}
