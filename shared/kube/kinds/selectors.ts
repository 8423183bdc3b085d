import type { LabelSelector } from '../object';

/** `app=cart,tier=web` as kubectl prints a label map (keys sorted). */
export function formatLabels(labels: Record<string, string> | undefined): string | null {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : null;
}

/** `app in (worker),track notin (canary)`: a label selector as kubectl prints it (by key); null for none. */
export function formatSelector(selector: LabelSelector | undefined): string | null {
  const parts = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => ({ key, text: `${key}=${value}` }));
  for (const e of selector?.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push({ key: e.key, text: `${e.key} in (${values})` });
    else if (e.operator === 'NotIn') parts.push({ key: e.key, text: `${e.key} notin (${values})` });
    else if (e.operator === 'Exists') parts.push({ key: e.key, text: e.key });
    else if (e.operator === 'DoesNotExist') parts.push({ key: e.key, text: `!${e.key}` });
  }
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return parts.length ? parts.map((p) => p.text).join(',') : null;
}

/**
 * Whether labels match a label selector (matchLabels and matchExpressions), as the API server
 * decides it: every pair and every expression must hold. An empty selector (`{}`) matches
 * everything, and no selector (null or undefined) matches nothing. An operator it does not
 * know matches nothing, where the API server would have refused the object.
 */
export function labelSelectorMatches(
  selector: LabelSelector | null | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!selector) return false;
  const has = (key: string): boolean => labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!has(key) || labels![key] !== value) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const value = has(e.key) ? labels![e.key] : undefined;
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (value === undefined || !values.includes(value)) return false;
        break;
      case 'NotIn':
        if (value !== undefined && values.includes(value)) return false;
        break;
      case 'Exists':
        if (value === undefined) return false;
        break;
      case 'DoesNotExist':
        if (value !== undefined) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
