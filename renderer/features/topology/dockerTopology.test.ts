import { describe, expect, it } from 'vitest';
import type { ContainerRow } from '../../../shared/docker';
import { dockerTopology } from './dockerTopology';

function row(name: string, project?: string, image = 'busybox'): ContainerRow {
  return {
    id: name,
    engineId: 'e',
    name,
    image,
    command: '',
    state: 'running',
    status: '',
    ports: [],
    createdAt: 0,
    labels: {},
    ...(project ? { composeProject: project } : {}),
  };
}

describe('docker topology', () => {
  it('groups containers by Compose project, and keeps the rest apart', () => {
    const t = dockerTopology([row('web-2', 'shop'), row('solo'), row('db', 'shop', 'postgres'), row('api', 'blog')]);
    expect(t.projects.map((p) => [p.project, p.containers.map((c) => c.name)])).toEqual([
      ['blog', ['api']],
      ['shop', ['db', 'web-2']],
    ]);
    expect(t.loose.map((c) => c.name)).toEqual(['solo']);
    expect(t.images).toBe(2);
  });
});
