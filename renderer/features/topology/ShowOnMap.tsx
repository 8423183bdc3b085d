import { navigate, useNavigation } from '../../app/navigation';

/**
 * "Show on map" for a details panel: opens the topology map on the object's context or engine
 * (and namespace), with the object selected. Hidden on the map itself.
 */
export function ShowOnMap(
  props: { context: string; uid: string; namespace?: string | undefined } | { engineId: string; containerId: string },
) {
  const view = useNavigation((n) => n.view);
  if (view === 'topology') return null;
  const params =
    'context' in props
      ? {
          ctx: props.context,
          eng: ',',
          ...(props.namespace ? { ns: props.namespace } : {}),
          sel: `k/${props.context}/${props.uid}`,
        }
      : { ctx: ',', eng: props.engineId, sel: `d/${props.engineId}/container/${props.containerId}` };
  return (
    <button
      type="button"
      className="link small"
      onClick={() => navigate('topology', params)}
      title="Open the map with this object selected"
    >
      Show on map
    </button>
  );
}
