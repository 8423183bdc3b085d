import type { KubeObject } from '../../../../shared/kube/object';
import type { CellValue, KindColumn } from '../../../../shared/kube/types';

/** Ask the server for its own Table (the columns `kubectl get` prints), with each row's metadata. */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

export interface ServerTable {
  kind?: string;
  columnDefinitions?: Array<{ name: string; type?: string; format?: string; description?: string; priority?: number }>;
  rows?: Array<{ cells?: unknown[]; object?: KubeObject }>;
  metadata?: { resourceVersion?: string; continue?: string };
}

/** A row of a server Table as an object the watch can key: its metadata, plus the printed cells. */
export interface TableObject extends KubeObject {
  tableCells: CellValue[];
}

export function isServerTable(value: unknown): value is ServerTable {
  return typeof value === 'object' && value !== null && (value as ServerTable).kind === 'Table';
}

export function tableObjects(table: ServerTable): TableObject[] {
  const out: TableObject[] = [];
  for (const row of table.rows ?? []) {
    if (!row.object?.metadata?.uid) continue;
    out.push({ ...row.object, tableCells: (row.cells ?? []).map(toCell) });
  }
  return out;
}

/** `Last Schedule` → `last-schedule`: a stable id for a server column. */
export function columnId(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'column'
  );
}

/** Name and Age are columns every table has already; the rest are the kind's own (priority > 0: wide). */
export function tableColumns(table: ServerTable): Array<KindColumn & { index: number }> {
  const columns: Array<KindColumn & { index: number }> = [];
  (table.columnDefinitions ?? []).forEach((definition, index) => {
    const id = columnId(definition.name);
    if (id === 'name' || id === 'age' || id === 'namespace') return;
    columns.push({
      id,
      index,
      label: definition.name,
      ...(definition.type === 'integer' || definition.type === 'number'
        ? { align: 'end' as const, format: 'number' as const }
        : {}),
      ...(definition.priority && definition.priority > 0 ? { wide: true } : {}),
      ...(definition.description ? { help: definition.description.split('\n')[0]!.slice(0, 300) } : {}),
    });
  });
  return columns;
}

function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
