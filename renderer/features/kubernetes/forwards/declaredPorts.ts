/** A port an object declares, offered in the port-forward form. */
export interface DeclaredPort {
  port: number;
  name?: string;
  /** "80 (http)", "5432". */
  label: string;
}

/**
 * The ports a pod's containers (or a Service) declare, in order, without duplicates. Only
 * numbers and names that the API serves end up here; anything else in the object is ignored.
 */
export function declaredPorts(kind: 'pod' | 'service', object: Record<string, unknown> | null): DeclaredPort[] {
  const spec = (object?.spec ?? {}) as Record<string, unknown>;
  const raw: Array<{ port: unknown; name: unknown }> =
    kind === 'service'
      ? asArray(spec.ports).map((p) => ({ port: p.port, name: p.name }))
      : asArray(spec.containers).flatMap((c) => asArray(c.ports).map((p) => ({ port: p.containerPort, name: p.name })));
  const seen = new Set<number>();
  const ports: DeclaredPort[] = [];
  for (const { port, name } of raw) {
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535 || seen.has(port)) continue;
    seen.add(port);
    const named = typeof name === 'string' && name ? name : undefined;
    ports.push({ port, ...(named ? { name: named } : {}), label: named ? `${port} (${named})` : String(port) });
  }
  return ports;
}

/** "8080" → 8080; "http" → "http"; anything else → null. */
export function parseRemotePort(text: string): number | string | null {
  const trimmed = text.trim();
  if (/^\d{1,5}$/.test(trimmed)) {
    const port = Number(trimmed);
    return port >= 1 && port <= 65535 ? port : null;
  }
  return /^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/.test(trimmed) ? trimmed : null;
}

function asArray(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value)
    ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null)
    : [];
}
