import type { PortMapping } from '../../../shared/docker';

/**
 * Ports as `docker ps` shows them, without its IPv4/IPv6 duplicates:
 * "8080→80/tcp" for published ports (host IP only when it is specific), "80/tcp" otherwise.
 */
export function formatPorts(ports: readonly PortMapping[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const sorted = [...ports].sort(
    (a, b) =>
      a.privatePort - b.privatePort || (a.publicPort ?? 0) - (b.publicPort ?? 0) || a.type.localeCompare(b.type),
  );
  for (const port of sorted) {
    const wildcard = !port.ip || port.ip === '0.0.0.0' || port.ip === '::';
    const host = port.publicPort !== undefined ? `${wildcard ? '' : `${port.ip}:`}${port.publicPort}→` : '';
    const text = `${host}${port.privatePort}/${port.type}`;
    if (seen.has(text)) continue;
    seen.add(text);
    out.push(text);
  }
  return out;
}
