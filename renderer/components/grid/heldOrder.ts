import { useState } from 'react';

/**
 * Keeps rows where they were while the user points at the list: rows still present keep
 * their previous order, new ones go after them. `previous === null` means "sort freely".
 */
export function stabilizeOrder(previous: readonly string[] | null, next: readonly string[]): string[] {
  if (!previous) return [...next];
  const present = new Set(next);
  const kept = previous.filter((key) => present.has(key));
  const known = new Set(kept);
  return [...kept, ...next.filter((key) => !known.has(key))];
}

/**
 * The row order to show: the sorted order, except while `holding` (pointer or focus in
 * the grid) when rows keep their places and new ones wait at the end. A new filter or
 * sort (`queryKey`) applies at once.
 */
export function useHeldOrder(sorted: string[], holding: boolean, queryKey: string): string[] {
  const [state, setState] = useState({ sorted, holding, queryKey, order: sorted });
  if (state.sorted === sorted && state.holding === holding && state.queryKey === queryKey) return state.order;
  const order = holding && state.queryKey === queryKey ? stabilizeOrder(state.order, sorted) : sorted;
  // Derived from the previous render's order: React's "state from previous renders" pattern.
  setState({ sorted, holding, queryKey, order });
  return order;
}
