/**
 * Web mode's secret. The page is opened with `?token=` (the URL `npm run serve` prints); the
 * token moves into this tab's sessionStorage and out of the address bar. A reload keeps it, while
 * history, bookmarks and other tabs do not get it, and no cookie carries it to other servers
 * on this host (cookies are not separated by port).
 */
import { create } from 'zustand';

const STORAGE_KEY = 'berth.token';

/** Why the page cannot talk to the backend: no token in this tab, or the server refused it. */
export type SessionProblem = 'missing' | 'refused';

export const useWebSession = create<{ problem: SessionProblem | null }>(() => ({ problem: null }));

let token: string | null = null;

function readStorage(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null; // storage disabled: the token lives only as long as this page
  }
}

function writeStorage(value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, value);
  } catch {
    // storage disabled: see readStorage
  }
}

/** Takes the token from the address bar (then removes it there) or from this tab's storage. Call once, first. */
export function startWebSession(): void {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl !== null) {
    writeStorage(fromUrl);
    url.searchParams.delete('token');
    history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  }
  token = fromUrl || readStorage();
  if (!token) useWebSession.setState({ problem: 'missing' });
}

export function sessionToken(): string {
  return token ?? '';
}

/** The server no longer takes this tab's token (it restarted with a new one): forget it. */
export function tokenRefused(): void {
  writeStorage(null);
  token = null;
  useWebSession.setState({ problem: 'refused' });
}
