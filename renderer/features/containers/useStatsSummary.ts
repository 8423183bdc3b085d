import { useMemo } from 'react';
import type { StatsSummaryRow } from '../../../shared/docker';
import { useCollections } from '../../api/useCollection';
import { useSettled } from '../../components/useSettled';

const MAX_IDS = 200;

/**
 * CPU/memory and sparklines for the rows on screen only (`docker.stats.summary`), one
 * subscription per engine; the id set settles for a moment while scrolling so the
 * backend is not asked to restart its streams on every frame.
 */
export function useStatsSummary(
  visible: ReadonlyArray<{ engineId: string; id: string }>,
): ReadonlyMap<string, StatsSummaryRow> {
  const byEngine = new Map<string, string[]>();
  for (const row of visible) {
    const ids = byEngine.get(row.engineId) ?? [];
    if (ids.length < MAX_IDS) ids.push(row.id);
    byEngine.set(row.engineId, ids);
  }
  const wanted = [...byEngine.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([engineId, ids]) => ({ engineId, ids: [...ids].sort() }));
  const settled = useSettled(wanted, 300);
  const views = useCollections('docker.stats.summary', settled);
  return useMemo(() => {
    const merged = new Map<string, StatsSummaryRow>();
    for (const view of views) for (const [id, row] of view.rows) merged.set(id, row);
    return merged;
  }, [views]);
}
