/** Placeholder created by the lead so the details panel compiles; replaced by the Logs tab's real implementation. */
export function LogsPanel(props: { engineId: string; containerId: string }) {
  return <p className="muted">Logs for {props.containerId.slice(0, 12)} on {props.engineId}</p>;
}
