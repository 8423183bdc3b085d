import { describe, expect, it } from 'vitest';
import { kindInfo } from '../../../shared/kube/kind';
import { BUILTIN_KINDS } from '../../../shared/kube/kinds';
import type { KubeRef } from '../../../shared/kube/types';
import { refLink } from './objectLinks';

const kinds = BUILTIN_KINDS.map(kindInfo);
const selects = (selector: KubeRef['selector']): KubeRef => ({
  relation: 'selects',
  kind: 'Pod',
  name: '',
  namespace: 'shop',
  ...(selector ? { selector } : {}),
});

describe('a selector reference as a link', () => {
  it('opens the pods its selector matches, expressions included, as a label filter', () => {
    expect(
      refLink(
        selects({
          matchLabels: { app: 'web' },
          matchExpressions: [
            { key: 'track', operator: 'NotIn', values: ['canary'] },
            { key: 'legacy', operator: 'DoesNotExist' },
          ],
        }),
        kinds,
      ),
    ).toEqual({
      relation: 'selects',
      text: 'Pod with app=web,track!=canary,!legacy',
      target: { kind: 'pods', namespace: 'shop', labels: 'app=web,track!=canary,!legacy' },
    });
  });

  it('an empty selector opens every pod of the namespace', () => {
    expect(refLink(selects({}), kinds)).toEqual({
      relation: 'selects',
      text: 'Every Pod',
      target: { kind: 'pods', namespace: 'shop', labels: '' },
    });
  });

  it('says a selector the label filter cannot express, without a link that would show other pods', () => {
    expect(
      refLink(selects({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }), kinds),
    ).toEqual({ relation: 'selects', text: 'Pod with tier in (api,web)', target: null });
  });
});
