import { describe, expect, it } from 'vitest';
import { imageName, shortId, splitRepoTag } from './dockerNames';

describe('docker names', () => {
  it('shortens sha256 ids like the CLI', () => {
    expect(shortId('sha256:3211864b18c6aaaaaaaaaaaa')).toBe('3211864b18c6');
  });
  it('splits repository and tag, keeping a registry port in the repository', () => {
    expect(splitRepoTag('berth-test/busybox:1')).toEqual({ repository: 'berth-test/busybox', tag: '1' });
    expect(splitRepoTag('registry:5000/team/app')).toEqual({ repository: 'registry:5000/team/app', tag: '' });
    expect(splitRepoTag('registry:5000/team/app:2.0')).toEqual({ repository: 'registry:5000/team/app', tag: '2.0' });
  });
  it('names untagged images by short id', () => {
    expect(imageName({ id: 'sha256:abcdef1234567890', repoTags: [] })).toBe('abcdef123456');
    expect(imageName({ id: 'sha256:abcdef1234567890', repoTags: ['<none>:<none>'] })).toBe('abcdef123456');
    expect(imageName({ id: 'x', repoTags: ['web:1', 'web:latest'] })).toBe('web:1');
  });
});
