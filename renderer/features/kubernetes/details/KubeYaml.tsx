import { useMemo, useState } from 'react';
import type { KubeObjectDetails } from '../../../../shared/kube/types';
import { copyToClipboard } from '../../../components/clipboard';
import { KubeYamlEditor, type EditTarget } from './KubeYamlEditor';
import { toYaml } from './toYaml';

/**
 * The object as YAML, read-only, as text. Secret and ConfigMap values stay withheld by the
 * backend until the user asks to reveal them.
 */
export function KubeYaml(props: {
  title: string;
  details: KubeObjectDetails | null;
  error: string | null;
  revealed: boolean;
  onReveal: () => void;
  onHide: () => void;
  /** The object, for Edit. */
  target: EditTarget;
}) {
  const { details } = props;
  const text = useMemo(() => (details ? toYaml(details.object) : ''), [details]);
  const [copied, setCopied] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [edited, setEdited] = useState<string | null>(null);
  if (props.error)
    return (
      <div className="error-banner" role="alert">
        Could not read {props.title}: {props.error}
      </div>
    );
  if (!details) return <p className="muted">Loading…</p>;
  if (editing) {
    return (
      <KubeYamlEditor
        target={props.target}
        title={props.title}
        reveal={props.revealed}
        onDone={(message) => {
          setEditing(false);
          setEdited(message);
        }}
      />
    );
  }
  return (
    <>
      {edited && (
        <p className="small tone-ok" role="status">
          {edited}
        </p>
      )}
      <div className="json-toolbar">
        <button
          type="button"
          onClick={() => {
            setEdited(null);
            setEditing(true);
          }}
        >
          Edit
        </button>
        {details.withheld.length > 0 && (
          <span className="small" role="note">
            Values withheld: {details.withheld.join(', ')}{' '}
            <button type="button" onClick={props.onReveal}>
              Reveal
            </button>
          </span>
        )}
        {props.revealed && details.withheld.length === 0 && (
          <button type="button" onClick={props.onHide}>
            Hide values
          </button>
        )}
        <button
          type="button"
          onClick={() =>
            copyToClipboard(text).then(
              () => setCopied('Copied'),
              () => setCopied('Copy failed'),
            )
          }
        >
          Copy YAML
        </button>
        {copied && (
          <span className="muted small" role="status">
            {copied}
          </span>
        )}
      </div>
      <section aria-label={`YAML of ${props.title}`}>
        <pre className="yaml" tabIndex={0}>
          {text}
        </pre>
      </section>
    </>
  );
}
