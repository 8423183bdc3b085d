import { describe, expect, it } from 'vitest';
import { kindInfo } from '../../../shared/kube/kind';
import { BUILTIN_KINDS } from '../../../shared/kube/kinds';
import type { KindInfo } from '../../../shared/kube/types';
import { kindsToOffer } from './kindCatalog';

const widget: KindInfo = {
  key: 'widgets.example.com',
  kind: 'Widget',
  group: 'example.com',
  version: 'v1',
  plural: 'widgets',
  namespaced: true,
  category: 'Custom resources',
  columns: [],
  builtin: false,
};

describe('the kinds offered before and after discovery', () => {
  it('offers the declared kinds, as kube.kinds lists them, before discovery answers', () => {
    const declared = BUILTIN_KINDS.map(kindInfo);
    expect(kindsToOffer(null)).toEqual(declared);
    expect(kindsToOffer(null).find((k) => k.key === 'pods')?.columns.length).toBeGreaterThan(0);
  });

  it("adds the cluster's own kinds, keeping the declared kinds' objects (an open table keeps its order)", () => {
    const before = kindsToOffer(null);
    const answer = [...JSON.parse(JSON.stringify(before)), widget] as KindInfo[];
    const after = kindsToOffer(answer);
    expect(after.map((k) => k.key)).toEqual([...before.map((k) => k.key), widget.key]);
    expect(after.find((k) => k.key === 'pods')).toBe(before.find((k) => k.key === 'pods'));
    expect(kindsToOffer(answer.slice(0, -1))).toBe(before);
  });
});
