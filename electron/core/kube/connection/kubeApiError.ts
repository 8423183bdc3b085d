/** A failed answer from an API server: its HTTP status and, when it sent one, its Status object. */
export class KubeApiError extends Error {
  constructor(
    readonly statusCode: number,
    /** The Status `reason` (Forbidden, NotFound, Expired, Gone…). */
    readonly reason: string | undefined,
    message: string,
    /** The Status `details.causes`: which PodDisruptionBudget refused an eviction, which field was invalid. */
    readonly causes: ReadonlyArray<{ reason?: string; message?: string; field?: string }> = [],
  ) {
    super(message);
    this.name = 'KubeApiError';
  }

  /** 410 Gone, or a watch ERROR event carrying code 410 / reason Expired: relist. */
  get isGone(): boolean {
    return this.statusCode === 410 || this.reason === 'Expired' || this.reason === 'Gone';
  }
}

/** The Status object the API server sends in error bodies and watch ERROR events. */
export interface KubeStatus {
  kind?: string;
  code?: number;
  reason?: string;
  message?: string;
  details?: { causes?: Array<{ reason?: string; message?: string; field?: string }> };
}

export function errorFromStatus(status: KubeStatus, fallbackCode: number): KubeApiError {
  const code = typeof status.code === 'number' ? status.code : fallbackCode;
  const causes = Array.isArray(status.details?.causes) ? status.details.causes : [];
  return new KubeApiError(code, status.reason, status.message ?? `HTTP ${code}`, causes);
}
