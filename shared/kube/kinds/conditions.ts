/** A status condition as most kinds report them (`Ready`, `Available`, `Progressing`…). */
export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export function conditionOf(conditions: Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

export function isTrue(conditions: Condition[] | undefined, type: string): boolean {
  return conditionOf(conditions, type)?.status === 'True';
}

/** "Reason: message", or whichever of the two is there, for a health reason. */
export function describeCondition(condition: Condition, fallback: string): string {
  const head = condition.reason || fallback;
  return condition.message ? `${head}: ${condition.message}` : head;
}
