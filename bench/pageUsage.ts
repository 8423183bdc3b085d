import type { Page } from 'playwright-core';
import { processTree } from './figures';
import { usageOver } from './peers';

/**
 * What a page open in Chromium costs while the user only looks at it, beside other processes
 * (the web-mode server, dockerd) over the same window, all as shares of one core:
 *
 *  - `mainThread`, `script`: the page's renderer main thread, from the DevTools Protocol
 *    (`Performance.getMetrics` TaskDuration and ScriptDuration deltas over the page's own clock).
 *    These are the tasks' wall time: on a busy machine they include time the thread waited
 *    for a core, so they read higher than the CPU time /proc counts;
 *  - `renderers`: every Chromium renderer process of this bench, all threads, from /proc
 *    (the page's renderer plus Chromium's idle spare ones);
 *  - `chromium`: every Chromium process of this bench (browser, GPU, network, renderers), from /proc.
 */
export interface PageUsage {
  mainThread: number;
  script: number;
  renderers: number;
  chromium: number;
  /** The page's JavaScript heap in use at the end (Performance.getMetrics JSHeapUsedSize), MB. */
  jsHeapMb: number;
  processes: Record<string, { cpu: number; rss: number }>;
}

/** Chromium's processes launched by this process (Playwright starts the browser as our child). */
export function chromiumProcesses(): Array<{ pid: number; renderer: boolean }> {
  return processTree(process.pid)
    .filter((p) => /\bchrom(e|ium)\b/.test(p.command.split(' ')[0] ?? ''))
    .map((p) => ({ pid: p.pid, renderer: p.command.includes('--type=renderer') }));
}

type Metrics = Map<string, number>;

export async function pageUsageOver(page: Page, pids: Record<string, number>, seconds: number): Promise<PageUsage> {
  const chromium = chromiumProcesses();
  if (!chromium.some((p) => p.renderer)) throw new Error('no Chromium renderer process found below this process');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const metrics = async (): Promise<Metrics> => {
    const { metrics: list } = await cdp.send('Performance.getMetrics');
    return new Map(list.map((m) => [m.name, m.value]));
  };
  const before = await metrics();
  const usage = await usageOver(
    { ...pids, ...Object.fromEntries(chromium.map((p) => [`chromium:${p.pid}`, p.pid])) },
    seconds,
  );
  const after = await metrics();
  await cdp.detach();
  // TaskDuration, ScriptDuration and Timestamp are in seconds.
  const elapsed = (after.get('Timestamp') ?? NaN) - (before.get('Timestamp') ?? NaN);
  const share = (name: string) => ((after.get(name) ?? NaN) - (before.get(name) ?? NaN)) / elapsed;
  const sum = (xs: number[]) => xs.filter(Number.isFinite).reduce((a, b) => a + b, 0);
  const of = (which: typeof chromium) => which.map((p) => usage[`chromium:${p.pid}`]!);
  const renderers = of(chromium.filter((p) => p.renderer));
  return {
    mainThread: share('TaskDuration'),
    script: share('ScriptDuration'),
    renderers: sum(renderers.map((u) => u.cpu)),
    chromium: sum(of(chromium).map((u) => u.cpu)),
    jsHeapMb: (after.get('JSHeapUsedSize') ?? NaN) / 2 ** 20,
    processes: Object.fromEntries(Object.keys(pids).map((k) => [k, usage[k]!])),
  };
}
