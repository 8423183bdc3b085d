import type { KubeObject } from '../../../shared/kube/object';
import type { KubeObjectDetails } from '../../../shared/kube/types';

/** Kinds whose values stay in the main process until the user reveals them. */
export const WITHHELD_KINDS = new Set(['Secret', 'ConfigMap']);
export const VALUE_FIELDS = ['data', 'stringData', 'binaryData'] as const;
/** kubectl apply copies the whole object, values included, into this annotation. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The object for the details panel: managed fields dropped (noise, as kubectl hides them),
 * and for Secrets and ConfigMaps every value withheld unless `reveal` — the keys stay, so
 * the user sees what there is. Masking in the UI would not be enough: withheld values never
 * cross to the renderer.
 */
export function objectDetails(kind: string, raw: KubeObject, reveal: boolean): Omit<KubeObjectDetails, 'refs'> {
  const { managedFields: _managed, ...metadata } = raw.metadata as KubeObject['metadata'] & { managedFields?: unknown };
  const object: Record<string, unknown> = { ...raw, metadata };
  const withheld: string[] = [];
  if (!reveal && WITHHELD_KINDS.has(kind)) {
    for (const field of VALUE_FIELDS) {
      const values = raw[field];
      if (!values || typeof values !== 'object') continue;
      const keys = Object.keys(values);
      withheld.push(...keys);
      object[field] = Object.fromEntries(keys.map((key) => [key, null]));
    }
    const annotations = metadata.annotations;
    if (annotations && LAST_APPLIED in annotations) {
      object.metadata = {
        ...metadata,
        annotations: { ...annotations, [LAST_APPLIED]: '(withheld: contains the values)' },
      };
    }
  }
  return { kind, object, withheld: [...new Set(withheld)] };
}
