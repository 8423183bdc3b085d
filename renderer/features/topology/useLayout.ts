import { useEffect, useRef, useState } from 'react';
import type { LayoutInput, LayoutResult } from './layout';
import type { MapModel } from './mapModel';

const SETTLE_MS = 3000;

/**
 * Lays the map out in a Web Worker whenever what it draws changes, starting from the previous
 * result (positions kept) unless `generation` changed (a new grouping, or the user asked).
 */
export function useLayout(model: MapModel, generation: string): { layout: LayoutResult | null; ms: number | null } {
  const worker = useRef<Worker | null>(null);
  const last = useRef<{ generation: string; result: LayoutResult } | null>(null);
  const request = useRef(0);
  const firstAt = useRef<number | null>(null);
  const [state, setState] = useState<{ layout: LayoutResult | null; ms: number | null }>({ layout: null, ms: null });

  useEffect(() => {
    const w = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
    worker.current = w;
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);

  useEffect(() => {
    const w = worker.current;
    if (!w) return;
    const id = ++request.current;
    // While the watches are still listing (the first seconds), lay out from scratch: keeping
    // positions from a half-listed map would leave it scattered.
    firstAt.current ??= performance.now();
    const settled = performance.now() - firstAt.current > SETTLE_MS;
    const previous = settled && last.current?.generation === generation ? last.current.result : undefined;
    const input: LayoutInput = {
      nodes: model.nodes.map((n) => ({ id: n.id, group: n.group })),
      edges: model.edges.map((e) => ({ from: e.from, to: e.to })),
      groups: model.groups.map((g) => g.id),
      ...(previous ? { previous } : {}),
    };
    const onMessage = (event: MessageEvent<{ id: number; result: LayoutResult; ms: number }>): void => {
      // Only the latest request counts: a quicker later change wins over a slow earlier one.
      if (event.data.id !== request.current) return;
      last.current = { generation, result: event.data.result };
      setState({ layout: event.data.result, ms: event.data.ms });
    };
    w.addEventListener('message', onMessage);
    w.postMessage({ id, input });
    return () => w.removeEventListener('message', onMessage);
  }, [model, generation]);

  return state;
}
