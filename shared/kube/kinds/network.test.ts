// Network kinds on objects captured from the seeded test cluster A (fixtures/*.json).
import { describe, expect, it } from 'vitest';
import { toRow } from '../kind';
import { endpointSlices } from './endpointSlice';
import deploymentFixtures from './fixtures/deployments.json';
import endpointSliceFixtures from './fixtures/endpointslices.json';
import ingressClassFixtures from './fixtures/ingressclasses.json';
import ingressFixtures from './fixtures/ingresses.json';
import { pick, pickLabelled } from './fixtures/pick';
import serviceFixtures from './fixtures/services.json';
import { ingresses } from './ingress';
import { ingressClasses } from './ingressClass';
import { labelSelectorMatches } from './selectors';
import { services } from './service';

describe('Service', () => {
  it('shop/cart selects the cart pods by its selector, not the frontend ones', () => {
    const row = toRow(services, pick(serviceFixtures, 'cart', 'shop'));
    expect(row.cells).toMatchObject({ type: 'ClusterIP', ports: '8080/TCP', selector: 'app=cart' });
    expect(row.cells).not.toHaveProperty('externalIP');
    expect(row.cells.clusterIP).toMatch(/^198\.19\./);
    expect(row.health.level).toBe('ok');
    const selects = row.refs?.find((r) => r.relation === 'selects');
    expect(selects).toEqual({
      relation: 'selects',
      kind: 'Pod',
      name: '',
      namespace: 'shop',
      selector: { matchLabels: { app: 'cart' } },
    });
    const podLabels = (name: string) =>
      (pick(deploymentFixtures, name, 'shop').spec as { template: { metadata: { labels: Record<string, string> } } })
        .template.metadata.labels;
    expect(labelSelectorMatches(selects!.selector!, podLabels('cart'))).toBe(true);
    expect(labelSelectorMatches(selects!.selector!, podLabels('frontend'))).toBe(false);
  });

  it('a NodePort shows port:nodePort, a headless one None', () => {
    expect(toRow(services, pick(serviceFixtures, 'frontend', 'shop')).cells).toMatchObject({
      type: 'NodePort',
      ports: '80:30080/TCP',
    });
    expect(toRow(services, pick(serviceFixtures, 'postgres', 'data')).cells).toMatchObject({
      clusterIP: 'None',
      ports: '5432/TCP',
    });
  });

  it('a LoadBalancer without an address yet is pending: a warning', () => {
    const svc = pick(serviceFixtures, 'cart', 'shop');
    (svc.spec as { type: string }).type = 'LoadBalancer';
    expect(toRow(services, svc).cells.externalIP).toBe('<pending>');
    expect(toRow(services, svc).health).toEqual({ level: 'warning', reason: 'Waiting for a load balancer address' });
    svc.status = { loadBalancer: { ingress: [{ ip: '203.0.113.7' }] } };
    expect(toRow(services, svc).cells.externalIP).toBe('203.0.113.7');
  });
});

describe('EndpointSlice', () => {
  it('the slice of data/postgres belongs to its Service (by uid) and points at the postgres pods', () => {
    const service = pick(serviceFixtures, 'postgres', 'data');
    const row = toRow(
      endpointSlices,
      pickLabelled(endpointSliceFixtures, { 'kubernetes.io/service-name': 'postgres' }),
    );
    expect(row.cells).toMatchObject({ addressType: 'IPv4', ports: '5432', readyEndpoints: 2, totalEndpoints: 2 });
    expect(String(row.cells.endpoints).split(',')).toHaveLength(2);
    expect(row.health).toEqual({ level: 'ok', reason: '2 ready' });
    expect(row.refs).toContainEqual({
      relation: 'owner',
      kind: 'Service',
      name: 'postgres',
      namespace: 'data',
      uid: service.metadata.uid,
    });
    const targets = row.refs!.filter((r) => r.relation === 'targets').map((r) => r.name);
    expect(targets.sort()).toEqual(['postgres-0', 'postgres-1']);
  });

  it('finds its Service by label when no owner is set, and says when no endpoint is ready', () => {
    const slice = pickLabelled(endpointSliceFixtures, { 'kubernetes.io/service-name': 'postgres' });
    delete slice.metadata.ownerReferences;
    for (const e of (slice as unknown as { endpoints: Array<{ conditions: { ready: boolean } }> }).endpoints) {
      e.conditions.ready = false;
    }
    const row = toRow(endpointSlices, slice);
    expect(row.refs).toContainEqual({ relation: 'owner', kind: 'Service', name: 'postgres', namespace: 'data' });
    expect(row.health).toEqual({ level: 'failing', reason: 'No endpoint is ready' });
  });
});

describe('Ingress and IngressClass', () => {
  it('shop routes to its Services through class berth-nginx, and has no address without a controller', () => {
    const row = toRow(ingresses, pick(ingressFixtures, 'shop', 'shop'));
    expect(row.cells).toEqual({ class: 'berth-nginx', hosts: 'shop.example.test', ports: '80' });
    expect(row.cells).not.toHaveProperty('address');
    expect(row.health).toEqual({
      level: 'warning',
      reason: 'No address yet: is the ingress controller of class berth-nginx running?',
    });
    expect(row.refs).toEqual([
      { relation: 'class', kind: 'IngressClass', name: 'berth-nginx' },
      { relation: 'targets', kind: 'Service', name: 'frontend', namespace: 'shop' },
      { relation: 'targets', kind: 'Service', name: 'cart', namespace: 'shop' },
    ]);
  });

  it('uses its TLS Secret and serves 443 too once it has TLS', () => {
    const ing = pick(ingressFixtures, 'shop', 'shop');
    (ing.spec as { tls?: unknown }).tls = [{ hosts: ['shop.example.test'], secretName: 'shop-tls' }];
    const row = toRow(ingresses, ing);
    expect(row.cells.ports).toBe('80, 443');
    expect(row.refs).toContainEqual({ relation: 'uses', kind: 'Secret', name: 'shop-tls', namespace: 'shop' });
  });

  it('berth-nginx names its controller', () => {
    const row = toRow(ingressClasses, pick(ingressClassFixtures, 'berth-nginx'));
    expect(row.cells).toEqual({ controller: 'k8s.io/ingress-nginx', default: false });
    expect(row.namespace).toBeUndefined();
  });
});
