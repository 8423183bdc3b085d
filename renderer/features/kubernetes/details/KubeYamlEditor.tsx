import { useEffect, useRef, useState } from 'react';
import type { DiffLine, EditOutcome, EditSession } from '../../../../shared/kube/edit';
import { api, errorMessage } from '../../../api/client';

export interface EditTarget {
  context: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** The server's verdict, in words, beside the editor. */
function OutcomeView(props: { outcome: EditOutcome; onRebase: () => void; busy: boolean }) {
  const { outcome } = props;
  switch (outcome.outcome) {
    case 'changes':
      return outcome.changed === 0 ? (
        <p className="muted" role="status">
          The server would store the object unchanged.
        </p>
      ) : (
        <section aria-label="Changes the server would store">
          <p className="small muted">
            {outcome.changed} line{outcome.changed === 1 ? '' : 's'} change, as the server would store them:
          </p>
          <DiffView lines={outcome.diff} />
        </section>
      );
    case 'parse-error':
      return (
        <div className="error-banner" role="alert">
          The YAML does not parse
          {outcome.line !== undefined ? ` at line ${outcome.line}, column ${outcome.column ?? 1}` : ''}:{' '}
          {outcome.message}
        </div>
      );
    case 'refused':
      return (
        <div className="error-banner" role="alert">
          {outcome.message}
        </div>
      );
    case 'invalid':
      return (
        <div className="error-banner" role="alert">
          The server refused this edit: <span className="mono">{outcome.message}</span>
        </div>
      );
    case 'conflict':
      return (
        <div className="error-banner" role="alert">
          {outcome.message}{' '}
          <button type="button" onClick={props.onRebase} disabled={props.busy}>
            Reload my edit on the new version
          </button>
        </div>
      );
  }
}

function DiffView(props: { lines: DiffLine[] }) {
  return (
    <pre className="yaml yaml-diff" tabIndex={0}>
      {props.lines.map((line, index) =>
        line.op === 'folded' ? (
          <span key={index} className="diff-folded">
            {`  … ${line.count} unchanged line${line.count === 1 ? '' : 's'}`}
          </span>
        ) : (
          <span key={index} className={`diff-${line.op}`}>
            {`${line.op === 'added' ? '+' : line.op === 'removed' ? '-' : ' '} ${line.text}`}
          </span>
        ),
      )}
    </pre>
  );
}

/**
 * The object's YAML as an editor: Review asks the server for a dry run of the edit (its
 * validation, or the diff of what it would store), Apply writes it only if nobody changed
 * the object since the edit started. The user's text is kept through every error.
 */
export function KubeYamlEditor(props: {
  target: EditTarget;
  title: string;
  reveal: boolean;
  onDone: (message: string | null) => void;
}) {
  const { target, reveal } = props;
  const [session, setSession] = useState<EditSession | null>(null);
  const [text, setText] = useState('');
  const [outcome, setOutcome] = useState<{ of: string; outcome: EditOutcome } | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);

  // A YAML mistake puts the caret where the parser stopped.
  useEffect(() => {
    const found = outcome?.outcome;
    if (found?.outcome !== 'parse-error' || found.line === undefined || !textarea.current) return;
    const lines = textarea.current.value.split('\n');
    const at =
      lines.slice(0, found.line - 1).reduce((sum, line) => sum + line.length + 1, 0) +
      Math.max(0, (found.column ?? 1) - 1);
    textarea.current.focus();
    textarea.current.setSelectionRange(at, at);
  }, [outcome]);

  useEffect(() => {
    let current = true;
    api.invoke('kube.object.edit.start', { ...target, reveal }).then(
      (started) => {
        if (!current) return;
        setSession(started);
        setText(started.yaml);
      },
      (error: unknown) => current && setFailure(errorMessage(error)),
    );
    return () => {
      current = false;
    };
    // The edit starts once, from the version shown when the user chose Edit.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (!session) {
    return failure ? (
      <div className="error-banner" role="alert">
        Cannot edit {props.title}: {failure}{' '}
        <button type="button" onClick={() => props.onDone(null)}>
          Back
        </button>
      </div>
    ) : (
      <p className="muted">Loading…</p>
    );
  }

  const input = { ...target, reveal, original: session.yaml, yaml: text, resourceVersion: session.resourceVersion };
  const run = (method: 'kube.object.edit.review' | 'kube.object.edit.apply'): void => {
    setBusy(true);
    setFailure(null);
    setNotice(null);
    const sent = text;
    api
      .invoke(method, input)
      .then(
        (result) => {
          if (method === 'kube.object.edit.apply' && result.outcome === 'changes') {
            props.onDone(`Applied: ${props.title} is now at version ${result.resourceVersion ?? '?'}.`);
            return;
          }
          setOutcome({ of: sent, outcome: result });
        },
        (error: unknown) => setFailure(errorMessage(error)),
      )
      .finally(() => setBusy(false));
  };
  const rebase = (): void => {
    setBusy(true);
    setFailure(null);
    api
      .invoke('kube.object.edit.rebase', input)
      .then(
        (rebased) => {
          setSession(rebased);
          setText(rebased.edited);
          setOutcome(null);
          setNotice(`Your edit now applies to version ${rebased.resourceVersion}: review it again.`);
        },
        (error: unknown) => setFailure(errorMessage(error)),
      )
      .finally(() => setBusy(false));
  };
  const reviewed = outcome?.of === text ? outcome.outcome : null;
  const canApply = reviewed?.outcome === 'changes' && reviewed.changed > 0;

  return (
    <div className="yaml-editor">
      <div className="json-toolbar">
        <button type="button" onClick={() => run('kube.object.edit.review')} disabled={busy}>
          Review
        </button>
        <button
          type="button"
          onClick={() => run('kube.object.edit.apply')}
          disabled={busy || !canApply}
          title={canApply ? 'Write this edit' : 'Review the edit first'}
        >
          Apply
        </button>
        <button type="button" onClick={() => props.onDone(null)} disabled={busy}>
          Cancel
        </button>
        <span className="muted small">Editing version {session.resourceVersion}</span>
      </div>
      {session.withheld.length > 0 && (
        <p className="small muted" role="note">
          Values withheld ({session.withheld.join(', ')}): they are kept as they are on the server. Reveal them to edit
          them.
        </p>
      )}
      {notice && (
        <p className="small" role="status">
          {notice}
        </p>
      )}
      {failure && (
        <div className="error-banner" role="alert">
          {failure}
        </div>
      )}
      {outcome && outcome.of !== text && <p className="small muted">Edited since the last review: review again.</p>}
      {outcome && <OutcomeView outcome={outcome.outcome} onRebase={rebase} busy={busy} />}
      <textarea
        ref={textarea}
        className="yaml yaml-textarea"
        aria-label={`YAML of ${props.title} (editing)`}
        value={text}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        onChange={(event) => setText(event.currentTarget.value)}
      />
    </div>
  );
}
