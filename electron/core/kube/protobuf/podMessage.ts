import { message } from './messageSchema';

/**
 * The fields of a Pod (k8s.io/api core/v1 `generated.proto`, field numbers as published)
 * that its row, health and references read: shared/kube/kinds/pod.ts, podSpec.ts and
 * podStatus.ts, and toRow's metadata. Nothing else is decoded. A field those files start to
 * read must be named here too: the protobuf-against-JSON test on the cluster's pods fails
 * until it is.
 */

const ownerReference = message({
  1: ['kind', 'string'],
  3: ['name', 'string'],
  4: ['uid', 'string'],
  5: ['apiVersion', 'string'],
  6: ['controller', 'bool'],
});

/** ObjectMeta without annotations, finalizers and managedFields. */
export const objectMeta = message({
  1: ['name', 'string'],
  3: ['namespace', 'string'],
  5: ['uid', 'string'],
  6: ['resourceVersion', 'string'],
  8: ['creationTimestamp', 'time'],
  9: ['deletionTimestamp', 'time'],
  11: ['labels', 'stringMap'],
  13: ['ownerReferences', ownerReference, 'repeated'],
});

/** LocalObjectReference, inlined in its holders' JSON. */
const localObjectReference = message({ 1: ['name', 'string'] });
const byLocalName = message({ 1: ['', localObjectReference, 'inline'] });

const envVar = message({
  1: ['name', 'string'],
  3: [
    'valueFrom',
    message({
      3: ['configMapKeyRef', byLocalName],
      4: ['secretKeyRef', byLocalName],
    }),
  ],
});

const envFromSource = message({
  2: ['configMapRef', byLocalName],
  3: ['secretRef', byLocalName],
});

/** Container and EphemeralContainerCommon share their field numbers. */
const containerFields = {
  1: ['name', 'string'],
  2: ['image', 'string'],
  7: ['env', envVar, 'repeated'],
  19: ['envFrom', envFromSource, 'repeated'],
  24: ['restartPolicy', 'string'],
} as const;
const container = message(containerFields);
const ephemeralContainer = message({ 1: ['', message(containerFields), 'inline'] });

const volumeSource = message({
  6: ['secret', message({ 1: ['secretName', 'string'] })],
  10: ['persistentVolumeClaim', message({ 1: ['claimName', 'string'] })],
  19: ['configMap', byLocalName],
  26: [
    'projected',
    message({
      1: [
        'sources',
        message({
          1: ['secret', byLocalName],
          3: ['configMap', byLocalName],
        }),
        'repeated',
      ],
    }),
  ],
  // Only whether it is there: it makes a claim named after the pod and the volume.
  29: ['ephemeral', message({})],
});

const volume = message({
  1: ['name', 'string'],
  2: ['', volumeSource, 'inline'],
});

const podSpec = message({
  1: ['volumes', volume, 'repeated'],
  2: ['containers', container, 'repeated'],
  8: ['serviceAccountName', 'string'],
  9: ['serviceAccount', 'string'],
  10: ['nodeName', 'string'],
  15: ['imagePullSecrets', localObjectReference, 'repeated'],
  20: ['initContainers', container, 'repeated'],
  28: ['readinessGates', message({ 1: ['conditionType', 'string'] }), 'repeated'],
  34: ['ephemeralContainers', ephemeralContainer, 'repeated'],
});

const terminated = message({
  1: ['exitCode', 'int'],
  2: ['signal', 'int'],
  3: ['reason', 'string'],
  4: ['message', 'string'],
  6: ['finishedAt', 'time'],
});

const containerState = message({
  1: ['waiting', message({ 1: ['reason', 'string'], 2: ['message', 'string'] })],
  // Only whether it is there: rows read no start time.
  2: ['running', message({})],
  3: ['terminated', terminated],
});

const containerStatus = message({
  1: ['name', 'string'],
  2: ['state', containerState],
  3: ['lastState', containerState],
  4: ['ready', 'bool'],
  5: ['restartCount', 'int'],
  9: ['started', 'bool'],
});

const podCondition = message({
  1: ['type', 'string'],
  2: ['status', 'string'],
  5: ['reason', 'string'],
  6: ['message', 'string'],
});

const podStatus = message({
  1: ['phase', 'string'],
  2: ['conditions', podCondition, 'repeated'],
  3: ['message', 'string'],
  4: ['reason', 'string'],
  6: ['podIP', 'string'],
  8: ['containerStatuses', containerStatus, 'repeated'],
  9: ['qosClass', 'string'],
  10: ['initContainerStatuses', containerStatus, 'repeated'],
  11: ['nominatedNodeName', 'string'],
});

export const podMessage = message({
  1: ['metadata', objectMeta],
  2: ['spec', podSpec],
  3: ['status', podStatus],
});
