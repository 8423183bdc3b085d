import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { KindInfo, KubeRow } from '../../../../shared/kube/types';
import type { KubeOverview as Overview } from './KubeOverview';
import type { KubeYaml as Yaml } from './KubeYaml';

/**
 * Everything in an object is cluster data: the details panel renders it as text. React
 * escapes text, so the markup below must come out escaped, never as elements.
 */
const HOSTILE = '<img src=x onerror=alert(1)>';

let KubeOverview: typeof Overview;
let KubeYaml: typeof Yaml;

beforeAll(async () => {
  // The navigation store reads the address at import; these views only format links with it.
  vi.stubGlobal('location', { hash: '' });
  vi.stubGlobal('window', {
    addEventListener: () => {},
    matchMedia: () => ({ matches: false, addEventListener() {} }),
  });
  ({ KubeOverview } = await import('./KubeOverview'));
  ({ KubeYaml } = await import('./KubeYaml'));
});

const pods: KindInfo = {
  key: 'pods',
  kind: 'Pod',
  group: '',
  version: 'v1',
  plural: 'pods',
  namespaced: true,
  category: 'Workloads',
  columns: [],
  builtin: true,
};

const row: KubeRow = {
  id: 'uid-1',
  kind: 'Pod',
  name: 'web-0',
  namespace: 'team-a',
  createdAt: 1,
  resourceVersion: '1',
  labels: { app: HOSTILE },
  cells: {},
  health: { level: 'failing', reason: HOSTILE },
  refs: [{ relation: 'uses', kind: 'ConfigMap', name: HOSTILE, namespace: 'team-a' }],
};

const object = {
  metadata: { name: 'web-0', annotations: { note: HOSTILE } },
  spec: { containers: [{ name: 'web', image: HOSTILE }] },
  status: {
    conditions: [{ type: 'Ready', status: 'False', message: HOSTILE }],
    containerStatuses: [{ name: 'web', state: { waiting: { reason: 'CrashLoopBackOff', message: HOSTILE } } }],
  },
};

function expectOnlyText(html: string): void {
  expect(html).not.toContain('<img');
  expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
}

describe('cluster data in the details panel is text, never markup', () => {
  it('labels, annotations, health, links, images, conditions and messages in the Overview', () => {
    const html = renderToStaticMarkup(
      <KubeOverview
        context="berth-a"
        kind={pods}
        kinds={[pods]}
        row={row}
        object={object}
        refs={row.refs ?? null}
        error={HOSTILE}
        onLink={() => {}}
      />,
    );
    expectOnlyText(html);
    // Every place it appears: label, annotation, health, link, image, condition, container message, error.
    expect(html.split('&lt;img src=x onerror=alert(1)&gt;').length - 1).toBeGreaterThanOrEqual(8);
  });

  it('the YAML tab', () => {
    const html = renderToStaticMarkup(
      <KubeYaml
        title={`Pod ${HOSTILE}`}
        details={{ kind: 'Pod', object, withheld: [HOSTILE] }}
        error={null}
        revealed={false}
        onReveal={() => {}}
        onHide={() => {}}
      />,
    );
    expectOnlyText(html);
  });
});
