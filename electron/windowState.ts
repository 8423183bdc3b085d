export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SavedWindowState {
  bounds: Bounds;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 };
const MIN = { width: 720, height: 480 };

/** Parses the saved file's contents; anything malformed means "use the defaults". */
export function parseWindowState(text: string | null): SavedWindowState | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<SavedWindowState>;
    const b = value.bounds;
    if (!b || ![b.x, b.y, b.width, b.height].every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
    return { bounds: b, maximized: value.maximized === true };
  } catch {
    return null;
  }
}

/**
 * The saved bounds if they are still mostly on a connected display (monitors come and go
 * on laptops); otherwise the default size, centred by the OS.
 */
export function restoreBounds(
  saved: SavedWindowState | null,
  displays: Bounds[],
): Partial<Bounds> & { width: number; height: number } {
  if (!saved) return { ...DEFAULT_SIZE };
  const width = Math.max(MIN.width, Math.round(saved.bounds.width));
  const height = Math.max(MIN.height, Math.round(saved.bounds.height));
  const bounds = { x: Math.round(saved.bounds.x), y: Math.round(saved.bounds.y), width, height };
  const visible = displays.some((d) => overlapArea(bounds, d) >= 0.5 * width * height);
  return visible ? bounds : { width, height };
}

function overlapArea(a: Bounds, b: Bounds): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}
