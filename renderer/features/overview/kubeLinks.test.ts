import { describe, expect, it, vi } from 'vitest';
import type { KubeEventRow } from '../../../shared/kube/types';
import { kubeViewHref, warningHref } from './kubeLinks';

// navigation.ts follows the window's hash when loaded; these tests only format links.
vi.hoisted(() => {
  vi.stubGlobal('location', { hash: '' });
  vi.stubGlobal('window', { addEventListener: () => {} });
});

function warning(involved: KubeEventRow['involved']): KubeEventRow {
  return { id: 'e', type: 'Warning', reason: 'BackOff', message: 'm', count: 1, lastSeen: 0, firstSeen: 0, involved };
}

describe('links from the Overview into the Kubernetes view', () => {
  it('name the context, the kind, all namespaces and the filter', () => {
    expect(kubeViewHref({ context: 'berth-a', kind: 'pods', text: 'CrashLoopBackOff' })).toBe(
      '#/kubernetes?ctx=berth-a&ns=*&q=CrashLoopBackOff',
    );
    expect(kubeViewHref({ context: 'a b&c', kind: 'nodes' })).toBe('#/kubernetes?ctx=a+b%26c&kind=nodes&ns=*');
  });

  it('lead from a warning to its object with the events tab open, or to the events naming it', () => {
    expect(warningHref('berth-a', warning({ kind: 'Pod', name: 'crashloop-demo', namespace: 'team-a' }))).toBe(
      '#/kubernetes?ctx=berth-a&ns=team-a&sel=team-a%2Fcrashloop-demo&dtab=events',
    );
    expect(warningHref('berth-a', warning({ kind: 'Node', name: 'kwok-a-node-0' }))).toBe(
      '#/kubernetes?ctx=berth-a&kind=nodes&ns=*&sel=kwok-a-node-0&dtab=events',
    );
    expect(warningHref('berth-a', warning({ kind: 'Widget', name: 'w1', namespace: 'shop' }))).toBe(
      '#/kubernetes?ctx=berth-a&kind=events&ns=shop&q=w1',
    );
  });
});
