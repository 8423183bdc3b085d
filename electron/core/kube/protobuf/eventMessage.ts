import { message } from './messageSchema';
import { objectMeta } from './podMessage';

/**
 * The fields of a core/v1 Event (k8s.io/api core/v1 `generated.proto`, field numbers as
 * published) that its row, health and references read: shared/kube/kinds/event.ts and
 * toRow's metadata. A cluster keeps an hour of them, about one per pod and more: they come
 * by the thousand, listed when a context connects. A field event.ts starts to read must be
 * named here too: the protobuf-against-JSON test on the cluster's events fails until it is.
 */
const objectReference = message({
  1: ['kind', 'string'],
  2: ['namespace', 'string'],
  3: ['name', 'string'],
  4: ['uid', 'string'],
  7: ['fieldPath', 'string'],
});

export const eventMessage = message({
  1: ['metadata', objectMeta],
  2: ['involvedObject', objectReference],
  3: ['reason', 'string'],
  4: ['message', 'string'],
  5: ['source', message({ 1: ['component', 'string'], 2: ['host', 'string'] })],
  6: ['firstTimestamp', 'time'],
  7: ['lastTimestamp', 'time'],
  8: ['count', 'int'],
  9: ['type', 'string'],
  10: ['eventTime', 'microTime'],
  11: ['series', message({ 1: ['count', 'int'], 2: ['lastObservedTime', 'microTime'] })],
  14: ['reportingComponent', 'string'],
});
