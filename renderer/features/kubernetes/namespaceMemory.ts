/**
 * Which namespaces the user last looked at, per context, in localStorage: coming back to a
 * context shows what it showed before. Anything unreadable counts as "no memory".
 */
import { isNamespaceName } from './kubeLocation';

const KEY = 'berth.kube.namespaces';
/** Enough for anyone's contexts; the oldest are forgotten first. */
const MAX_CONTEXTS = 200;

type Store = Pick<Storage, 'getItem' | 'setItem'>;

function readAll(storage: Store): Record<string, string[]> {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(KEY) ?? '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    const out: Record<string, string[]> = {};
    for (const [context, value] of Object.entries(parsed as Record<string, unknown>)) {
      if (Array.isArray(value)) out[context] = value.filter((v): v is string => typeof v === 'string');
    }
    return out;
  } catch {
    return {};
  }
}

/** The namespaces remembered for a context ([] = all), or null when none are. */
export function rememberedNamespaces(storage: Store, context: string): string[] | null {
  const value = readAll(storage)[context];
  return value ? value.filter(isNamespaceName) : null;
}

export function rememberNamespaces(storage: Store, context: string, namespaces: readonly string[]): void {
  const all = readAll(storage);
  delete all[context];
  all[context] = [...namespaces];
  const contexts = Object.keys(all);
  for (const old of contexts.slice(0, Math.max(0, contexts.length - MAX_CONTEXTS))) delete all[old];
  try {
    storage.setItem(KEY, JSON.stringify(all));
  } catch {
    // Storage full or refused: the URL still carries the choice.
  }
}
