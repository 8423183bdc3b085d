import { defineKind } from '../kind';
import type { KubeObject } from '../object';
import type { KubeRef } from '../types';
import { named, ownerRefs, uniqueRefs } from './refs';

interface EndpointSlice extends KubeObject {
  addressType?: string;
  ports?: Array<{ port?: number }> | null;
  endpoints?: Array<{
    addresses?: string[];
    conditions?: { ready?: boolean };
    targetRef?: { kind?: string; name?: string; namespace?: string; uid?: string };
  }> | null;
}

const SHOWN_ADDRESSES = 3;

export const endpointSlices = defineKind<EndpointSlice>({
  kind: 'EndpointSlice',
  group: 'discovery.k8s.io',
  version: 'v1',
  plural: 'endpointslices',
  namespaced: true,
  category: 'Network',
  help: 'The addresses of the pods behind a Service right now, kept up to date by Kubernetes.',
  columns: [
    { id: 'addressType', label: 'Address type' },
    { id: 'ports', label: 'Ports', mono: true },
    { id: 'endpoints', label: 'Endpoints', mono: true, help: 'The first addresses, then how many more' },
  ],
  cells: (slice) => {
    const endpoints = slice.endpoints ?? [];
    const addresses = endpoints.flatMap((e) => e.addresses ?? []);
    const more = addresses.length - SHOWN_ADDRESSES;
    return {
      addressType: slice.addressType ?? null,
      ports: (slice.ports ?? []).map((p) => (p.port === undefined ? '<unset>' : String(p.port))).join(',') || null,
      endpoints: addresses.length
        ? addresses.slice(0, SHOWN_ADDRESSES).join(',') + (more > 0 ? ` + ${more} more...` : '')
        : null,
      readyEndpoints: endpoints.filter((e) => e.conditions?.ready !== false).length,
      totalEndpoints: endpoints.length,
    };
  },
  health: (slice) => {
    const endpoints = slice.endpoints ?? [];
    // A missing `ready` means unknown, which consumers treat as ready.
    const unready = endpoints.filter((e) => e.conditions?.ready === false).length;
    if (!endpoints.length) return { level: 'warning', reason: 'No endpoints: no ready pod matches the Service' };
    if (unready === endpoints.length) return { level: 'failing', reason: 'No endpoint is ready' };
    if (unready) return { level: 'warning', reason: `${unready} of ${endpoints.length} endpoints not ready` };
    return { level: 'ok', reason: `${endpoints.length} ready` };
  },
  refs: (slice) => {
    const { namespace, labels } = slice.metadata;
    const targets: Array<KubeRef | null> = (slice.endpoints ?? []).map((e) =>
      named(
        'targets',
        e.targetRef?.kind ?? 'Pod',
        e.targetRef?.name,
        e.targetRef?.namespace ?? namespace,
        e.targetRef?.uid,
      ),
    );
    const owners = ownerRefs(slice);
    const service = labels?.['kubernetes.io/service-name'];
    // The controller also sets the Service as owner; the label covers slices managed by others.
    const byLabel = owners.some((o) => o.kind === 'Service' && o.name === service)
      ? null
      : named('owner', 'Service', service, namespace);
    return uniqueRefs([...owners, byLabel, ...targets]);
  },
});
