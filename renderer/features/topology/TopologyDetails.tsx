import { useState } from 'react';
import type { TopologyNode } from '../../../shared/contract/topology';
import { useCollection } from '../../api/useCollection';
import { useTopic } from '../../api/useTopic';
import { navigate } from '../../app/navigation';
import { StateBadge } from '../../components/StateBadge';
import { containerKey } from '../containers/containerList';
import { ContainerDetailsPanel } from '../containers/details/ContainerDetailsPanel';
import { KubeDetailsPanel } from '../kubernetes/details/KubeDetailsPanel';
import type { KubeDetailsTab } from '../kubernetes/kubeLocation';
import { kubeParams } from '../kubernetes/kubeLocation';
import { linkLocation } from '../kubernetes/objectLinks';
import { HEALTH_TONE } from '../kubernetes/KubeGrid';
import { HEALTH_WORDS } from '../kubernetes/kubeList';

/** The same details panel as the tables: Kubernetes objects and containers; the rest in brief. */
export function TopologyDetails(props: { node: TopologyNode; onClose: () => void }) {
  const { node } = props;
  if (node.source.type === 'kube' && node.kindKey && node.ref) {
    return (
      <KubeObjectDetails node={node} context={node.source.context} kindKey={node.kindKey} onClose={props.onClose} />
    );
  }
  if (node.kind === 'Container' && node.source.type === 'docker' && node.ref) {
    return <ContainerDetails node={node} engineId={node.source.engineId} onClose={props.onClose} />;
  }
  return (
    <aside className="details-panel" aria-label={`Details of ${node.name}`}>
      <div className="details-header">
        <h2>{node.name}</h2>
        <StateBadge tone={HEALTH_TONE[node.health.level]} label={HEALTH_WORDS[node.health.level]} />
        <button type="button" className="close" aria-label="Close details" onClick={props.onClose}>
          ✕
        </button>
      </div>
      <p className="muted">
        {node.kind}
        {node.health.reason ? ` · ${node.health.reason}` : ''}
      </p>
    </aside>
  );
}

function KubeObjectDetails(props: { node: TopologyNode; context: string; kindKey: string; onClose: () => void }) {
  const { node, context, kindKey } = props;
  const [tab, setTab] = useState<KubeDetailsTab>('overview');
  const kinds = useTopic('kube.kinds', { context });
  const rows = useCollection('kube.resources', {
    context,
    kind: kindKey,
    namespaces: node.namespace ? [node.namespace] : [],
  });
  const kind = kinds.value?.find((k) => k.key === kindKey);
  if (!kind) return <aside className="details-panel" aria-label={`Details of ${node.name}`} aria-busy="true" />;
  return (
    <KubeDetailsPanel
      context={context}
      kind={kind}
      kinds={kinds.value ?? []}
      row={rows.rows.get(node.ref!)}
      loaded={rows.loaded}
      missingName={node.name}
      tab={tab}
      onTab={setTab}
      onClose={props.onClose}
      onLink={(target) =>
        navigate(
          'kubernetes',
          kubeParams(
            linkLocation(
              {
                context,
                kind: kindKey,
                namespaces: null,
                text: '',
                labels: '',
                sort: null,
                selected: null,
                tab: 'overview',
                wide: false,
              },
              target,
            ),
          ),
        )
      }
    />
  );
}

function ContainerDetails(props: { node: TopologyNode; engineId: string; onClose: () => void }) {
  const { node, engineId } = props;
  const [tab, setTab] = useState<Parameters<typeof ContainerDetailsPanel>[0]['tab']>('overview');
  const rows = useCollection('docker.containers', { engineId });
  return (
    <ContainerDetailsPanel
      row={rows.rows.get(node.ref!)}
      missingName={node.name}
      tab={tab}
      onTab={setTab}
      onClose={props.onClose}
      // Removing asks for confirmation in the Containers view, where the dialog lives.
      onRemove={(row) => navigate('containers', { sel: containerKey(row) })}
    />
  );
}
