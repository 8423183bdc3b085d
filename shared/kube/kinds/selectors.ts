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
 * Whether labels match a `selects` reference's selector (matchLabels form). An empty selector
 * selects nothing here: a Service without a selector has its endpoints managed by hand.
 */
export function selectorMatches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels?.[k] === selector[k]);
}
