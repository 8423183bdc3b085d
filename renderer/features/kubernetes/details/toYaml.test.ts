import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { toYaml } from './toYaml';

describe('objects as YAML', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'api-5d8f9',
      namespace: 'team-a',
      creationTimestamp: '2026-12-01T20:00:00Z',
      labels: { app: 'api', 'app.kubernetes.io/version': '1.4.2' },
      annotations: { hostile: '<img src=x onerror=alert(1)>', empty: '', yes: 'yes', colon: 'a: b', hash: 'x #y' },
      ownerReferences: [{ kind: 'ReplicaSet', name: 'api-5d8f', controller: true }],
    },
    spec: {
      containers: [{ name: 'api', image: 'ghcr.io/berth/demo-api:1.4.2', args: ['--port', '8080'], ports: [] }],
      nodeSelector: {},
    },
    status: { phase: 'Running', restartCount: 0, ratio: 1.5, ready: true, nothing: null },
    data: { 'script.sh': '#!/bin/sh\necho hi\n', 'no-newline': 'a\nb', 'lead ': ' x\ny' },
    matrix: [[1, 2], [], [{ a: 1 }]],
  };

  it('reads back as the same object', () => {
    expect(load(toYaml(pod))).toEqual(pod);
  });

  it('looks like kubectl: block style, sequences under their key, literal blocks for scripts', () => {
    const text = toYaml(pod);
    expect(text).toContain('metadata:\n  name: api-5d8f9\n  namespace: team-a\n');
    expect(text).toContain(
      '  containers:\n  - name: api\n    image: ghcr.io/berth/demo-api:1.4.2\n    args:\n    - --port\n',
    );
    expect(text).toContain('  script.sh: |\n    #!/bin/sh\n    echo hi\n');
    expect(text).toContain('  no-newline: |-\n    a\n    b\n');
    expect(text).toContain('creationTimestamp: "2026-12-01T20:00:00Z"');
    expect(text).toContain('"yes": "yes"');
    expect(text).toContain('ports: []');
  });

  it('quotes what would read as another type', () => {
    for (const value of [
      'true',
      'null',
      '1.0',
      '0x1f',
      '',
      '~',
      '- x',
      '{a}',
      '[1]',
      '*ref',
      '&a',
      '!tag',
      '@x',
      '`x`',
    ]) {
      expect(load(toYaml({ v: value }))).toEqual({ v: value });
    }
    expect(load(toYaml({ 'key: with colon': 1, '': 2, 'tab\tkey': 3 }))).toEqual({
      'key: with colon': 1,
      '': 2,
      'tab\tkey': 3,
    });
  });

  it('handles top-level scalars and empty objects', () => {
    expect(toYaml({})).toBe('{}\n');
    expect(toYaml('x')).toBe('x\n');
  });
});
