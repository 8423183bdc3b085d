import type { LabelSelector } from '../../../../shared/kube/object';

/**
 * Whether labels match a full label selector (matchLabels and matchExpressions), as the API
 * server decides which pods a workload owns. An empty selector matches nothing here: a
 * workload's log never means "every pod in the namespace".
 */
export function labelSelectorMatches(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  const matchLabels = Object.entries(selector.matchLabels ?? {});
  const expressions = selector.matchExpressions ?? [];
  if (matchLabels.length === 0 && expressions.length === 0) return false;
  const has = (key: string): boolean => labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key);
  for (const [key, value] of matchLabels) if (!has(key) || labels![key] !== value) return false;
  for (const e of expressions) {
    const value = has(e.key) ? labels![e.key] : undefined;
    const values = e.values ?? [];
    if (e.operator === 'In' && (value === undefined || !values.includes(value))) return false;
    if (e.operator === 'NotIn' && value !== undefined && values.includes(value)) return false;
    if (e.operator === 'Exists' && value === undefined) return false;
    if (e.operator === 'DoesNotExist' && value !== undefined) return false;
  }
  return true;
}
