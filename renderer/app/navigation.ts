import { create } from 'zustand';
import { VIEW_IDS, type ViewId } from '../../shared/app';

/**
 * The current view lives in the URL hash (#/containers?state=running), so a reload or
 * a view switch keeps where the user was and what they filtered.
 */
export interface Location {
  view: ViewId;
  params: URLSearchParams;
}

export function parseHash(hash: string): Location {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const view = (VIEW_IDS as readonly string[]).includes(path) ? (path as ViewId) : 'overview';
  return { view, params: new URLSearchParams(query) };
}

export function formatHash(view: ViewId, params?: URLSearchParams | Record<string, string>): string {
  const query = new URLSearchParams(params).toString();
  return `#/${view}${query ? `?${query}` : ''}`;
}

export const useNavigation = create<Location>(() => parseHash(location.hash));

window.addEventListener('hashchange', () => useNavigation.setState(parseHash(location.hash)));

export function navigate(view: ViewId, params?: Record<string, string>): void {
  const hash = formatHash(view, params);
  if (location.hash !== hash) location.hash = hash;
}

/** Updates one query parameter of the current view without adding history entries. */
export function setViewParam(name: string, value: string | null): void {
  setViewParams({ [name]: value });
}

/** Updates several query parameters at once (null or '' removes one), without adding history entries. */
export function setViewParams(patch: Record<string, string | null>): void {
  const { view, params } = parseHash(location.hash);
  for (const [name, value] of Object.entries(patch)) {
    if (value === null || value === '') params.delete(name);
    else params.set(name, value);
  }
  history.replaceState(null, '', formatHash(view, params));
  useNavigation.setState(parseHash(location.hash));
}
