/** Placeholder created by the lead so the details panel compiles; replaced by the Stats tab's real implementation. */
export function StatsPanel(props: { engineId: string; containerId: string }) {
  return <p className="muted">Stats for {props.containerId.slice(0, 12)} on {props.engineId}</p>;
}
