import { create } from 'zustand';
import { api, errorMessage } from '../../api/client';

/** The outcome of the last "Set as default context", wherever the user chose it. */
const useDefaultContextNotice = create<{ notice: { ok: boolean; text: string } | null }>(() => ({
  notice: null,
}));

/**
 * Writes `name` as the kubeconfig's current-context (what kubectl uses by default): the
 * only way Berth changes the user's kubeconfig, and only when the user asks.
 */
export function setDefaultContext(name: string): void {
  useDefaultContextNotice.setState({ notice: null });
  api.invoke('kube.context.setDefault', { name }).then(
    ({ path }) =>
      useDefaultContextNotice.setState({
        notice: { ok: true, text: `kubectl’s default context is now ${name} (written to ${path}).` },
      }),
    (error: unknown) =>
      useDefaultContextNotice.setState({
        notice: { ok: false, text: `Could not set ${name} as the default context: ${errorMessage(error)}` },
      }),
  );
}

/** Where that outcome shows, until dismissed. */
export function DefaultContextNotice() {
  const notice = useDefaultContextNotice((s) => s.notice);
  if (!notice) return null;
  return (
    <div
      className={notice.ok ? 'default-context-notice' : 'default-context-notice error-banner'}
      role={notice.ok ? 'status' : 'alert'}
    >
      {notice.text}{' '}
      <button type="button" onClick={() => useDefaultContextNotice.setState({ notice: null })}>
        Dismiss
      </button>
    </div>
  );
}
