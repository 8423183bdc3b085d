export interface TimeWindow {
  label: string;
  ms: number;
}

/** The time window of a chart panel, as one radio group; `titleFor` can explain a window (history so far). */
export function TimeWindowPicker(props: {
  windows: readonly TimeWindow[];
  value: number;
  onChange: (ms: number) => void;
  titleFor?: (window: TimeWindow) => string | undefined;
}) {
  return (
    <div role="radiogroup" aria-label="Time window" className="segmented">
      {props.windows.map((w) => (
        <button
          key={w.ms}
          type="button"
          role="radio"
          aria-checked={props.value === w.ms}
          onClick={() => props.onChange(w.ms)}
          title={props.titleFor?.(w)}
        >
          {w.label}
        </button>
      ))}
    </div>
  );
}
