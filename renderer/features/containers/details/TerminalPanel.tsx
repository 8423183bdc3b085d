/** Placeholder created by the lead so the details panel compiles; replaced by the Terminal tab's real implementation. */
export function TerminalPanel(props: { engineId: string; containerId: string }) {
  return <p className="muted">Terminal for {props.containerId.slice(0, 12)} on {props.engineId}</p>;
}
