import { randomBytes } from 'node:crypto';
import { kubectl, kubectlApply } from './clusterTestKit';

/**
 * A custom resource kind of a test's own, Widget, with a printer column (Size), to browse like
 * any other kind. Its group is new on each call, so a run never finds an earlier run's kind
 * (a CRD is deleted in the background) and two suites never share one.
 */
export function widgetKind(): {
  group: string;
  /** Berth's key of the kind: `widgets.<group>`. */
  key: string;
  install: () => void;
  addWidget: (namespace: string, name: string, size: number) => void;
  remove: () => void;
} {
  const group = `w${randomBytes(3).toString('hex')}.berth.test`;
  const key = `widgets.${group}`;
  return {
    group,
    key,
    install: () => {
      kubectlApply({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: key },
        spec: {
          group,
          scope: 'Namespaced',
          names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
                },
              },
              additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
            },
          ],
        },
      });
      kubectl('wait', '--for=condition=Established', `crd/${key}`);
    },
    addWidget: (namespace, name, size) =>
      kubectlApply({ apiVersion: `${group}/v1`, kind: 'Widget', metadata: { name, namespace }, spec: { size } }),
    remove: () => void kubectl('delete', 'crd', key, '--ignore-not-found', '--wait=false'),
  };
}
