import { useState } from 'react';
// TODO(lead): clipboard.ts is generic; it belongs in renderer/components/ once its owner is done with it.
import { copyToClipboard } from './clipboard';

/**
 * Raw JSON from an engine, pretty-printed as text in a <pre> (never markup), with copy.
 */
export function JsonView(props: { value: unknown; label: string }) {
  const text = JSON.stringify(props.value, null, 2) ?? 'null';
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = (): void => {
    copyToClipboard(text).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  };
  return (
    <div className="json-view">
      <div className="json-toolbar">
        <button type="button" onClick={copy} aria-label={`Copy ${props.label}`}>
          Copy
        </button>
        <span role="status" className="muted small">
          {copied === 'yes'
            ? 'Copied to the clipboard'
            : copied === 'failed'
              ? 'Copy failed: select the text instead'
              : ''}
        </span>
      </div>
      <pre className="json" aria-label={props.label} tabIndex={0}>
        {text}
      </pre>
    </div>
  );
}
