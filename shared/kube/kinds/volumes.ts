const ACCESS_MODES: ReadonlyArray<[string, string]> = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** `RWO,RWX`: access modes as kubectl abbreviates them, in its order. */
export function formatAccessModes(modes: string[] | undefined): string | null {
  const have = new Set(modes ?? []);
  const short = ACCESS_MODES.filter(([mode]) => have.has(mode)).map(([, abbr]) => abbr);
  return short.length ? short.join(',') : null;
}

/** The class by field, or by the annotation that preceded it. */
export function storageClassOf(object: {
  metadata: { annotations?: Record<string, string> };
  spec?: { storageClassName?: string };
}): string | null {
  return (
    object.spec?.storageClassName ?? object.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? null
  );
}
