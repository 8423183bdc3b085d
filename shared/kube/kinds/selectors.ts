import type { LabelSelector } from '../object';

/** `app=cart,tier=web` as kubectl prints a label map (keys sorted). */
export function formatLabels(labels: Record<string, string> | undefined): string | null {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : null;
}

/** `app in (worker),track notin (canary)`: a label selector as kubectl prints it; null for none. */
export function formatSelector(selector: LabelSelector | undefined): string | null {
  const parts: string[] = [];
  const labels = formatLabels(selector?.matchLabels);
  if (labels) parts.push(labels);
  for (const e of selector?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(',') : null;
}

/**
 * Whether labels match a `selects` reference's selector (matchLabels form). An empty selector
 * selects nothing here: a Service without a selector has its endpoints managed by hand.
 */
export function selectorMatches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every((k) => labels?.[k] === selector[k]);
}
