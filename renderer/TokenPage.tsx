import { useEffect } from 'react';
import type { SessionProblem } from './api/session';
import { EmptyState } from './components/EmptyState';

/** Shown in web mode instead of the app when this tab has no token the server accepts. */
export function TokenPage({ problem }: { problem: SessionProblem }) {
  useEffect(() => {
    document.title = 'Open Berth from its link · Berth';
  }, []);
  const title =
    problem === 'missing' ? 'Open Berth from the link it printed' : 'This tab’s token is no longer accepted';
  return (
    <main className="content" aria-label="Open Berth" style={{ padding: 24 }}>
      <EmptyState title={title}>
        {problem === 'refused' && (
          <p>
            The Berth server did not accept the token this tab was opened with. It was probably restarted, which makes a
            new token.
          </p>
        )}
        <p>
          Berth web mode shows your engines and clusters only to a tab opened with the link that{' '}
          <code>npm run serve</code> printed when it started, which looks like{' '}
          <code className="mono">http://127.0.0.1:PORT/?token=…</code>. Open that link; this tab then keeps the token
          until it is closed.
        </p>
      </EmptyState>
    </main>
  );
}
