import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a V8 .cpuprofile (what `node --cpu-prof` writes) this summary reads. */
interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileShare {
  name: string;
  ms: number;
  /** Share of the busy (non-idle) time in the window. */
  share: number;
}

/** The newest .cpuprofile in a folder (node writes one per process, on exit). */
export function readProfile(dir: string): CpuProfile {
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort()
    .at(-1);
  if (!file) throw new Error(`no .cpuprofile in ${dir}: did the process exit cleanly?`);
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
}

const IDLE = new Set(['(idle)', '(program)']);

/** Where a frame's code lives: a package under node_modules, a file of ours, or a V8/Node internal. */
export function moduleOf(url: string): string {
  if (!url) return '(native)';
  if (url.startsWith('node:')) return url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  const ours = /\/(out|electron|shared|renderer)\/(.+)$/.exec(url);
  return ours ? `${ours[1]}/${ours[2]}` : url;
}

/**
 * Self time by module (or by function), over the samples taken from `fromMs` to `toMs` since
 * the profile started: the window a benchmark cares about (idle after listing, start-up).
 */
export function summarizeProfile(
  profile: CpuProfile,
  by: 'module' | 'function',
  fromMs = 0,
  top = 8,
  toMs = Infinity,
): { busyMs: number; windowMs: number; shares: ProfileShare[] } {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, number>();
  let t = 0;
  let busy = 0;
  let windowUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (t / 1000 < fromMs) continue;
    if (t / 1000 > toMs) break;
    windowUs += delta;
    const frame = frames.get(profile.samples[i]!);
    if (!frame || IDLE.has(frame.functionName)) continue;
    const key =
      by === 'module'
        ? moduleOf(frame.url) || frame.functionName
        : `${frame.functionName || '(anonymous)'} ${moduleOf(frame.url)}:${frame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + delta);
    busy += delta;
  }
  const shares = [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, ms: us / 1000, share: busy ? us / busy : 0 }));
  return { busyMs: busy / 1000, windowMs: windowUs / 1000, shares };
}
