import { useSyncExternalStore } from 'react';
import type { TopologyEdge, TopologyNode } from '../../../shared/contract/topology';
import { syntheticGraph } from './syntheticGraph';

/**
 * The map benchmark's way in (bench/topology-ui.bench.ts). Only a renderer built with
 * `electron-vite build --mode mapbench` has it: there, `window.berthMapBench.load(pods)` hands
 * the map a synthetic graph in place of the topology topic, drawn by the same view code (map
 * model, layout worker, SVG). The mode is a build-time constant, so every other build compiles
 * this to nothing and no page can reach it.
 */
export const MAP_BENCH = import.meta.env.MODE === 'mapbench';

export interface BenchGraph {
  nodes: TopologyNode[];
  edges: TopologyEdge[];
  /** performance.now() when the graph was handed to the view: "data arrived". */
  at: number;
}

export interface MapBenchHandle {
  /** Replaces the map's graph by a synthetic one of `pods` pods; returns its node count. */
  load(pods: number): { nodes: number; at: number };
}

let current: BenchGraph | null = null;
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function useBenchGraph(): BenchGraph | null {
  return useSyncExternalStore(subscribe, () => current);
}

const noBenchGraph = (): null => null;

/** The synthetic graph to draw instead of the topic's, or null (always null outside mapbench builds). */
export const useMapBenchGraph: () => BenchGraph | null = MAP_BENCH ? useBenchGraph : noBenchGraph;

if (MAP_BENCH) {
  const handle: MapBenchHandle = {
    load(pods) {
      const graph = syntheticGraph(pods);
      current = { ...graph, at: performance.now() };
      for (const listener of listeners) listener();
      return { nodes: graph.nodes.length, at: current.at };
    },
  };
  (window as unknown as { berthMapBench: MapBenchHandle }).berthMapBench = handle;
}
