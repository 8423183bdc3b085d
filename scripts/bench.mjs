#!/usr/bin/env node
/**
 * `npm run bench`: runs every bench/*.bench.ts against the real engine and cluster, one after
 * another, then writes the report: bench/results/<date>.json (machine, versions, commands,
 * every run's value, median and spread, each target met or missed) and bench/results/<date>.md,
 * and refreshes README.md's "Measured" table between its bench markers (each figure there as
 * the latest day's report gives it, dated).
 *
 *   npm run bench                 the full run (Kubernetes at 1,000/5,000/10,000 pods, …)
 *   npm run bench -- kube         only the files whose name contains "kube"; their figures replace
 *                                 the same files' figures in the day's report, the others are kept
 *                                 (a shared machine rarely stays quiet for a whole run)
 *   npm run bench -- --report     runs nothing: rewrites the day's Markdown report and README's
 *                                 table from bench/results/<date>.json (after merging results by hand)
 *   npm run bench -- --quick      a small run (a few minutes) that checks every benchmark still
 *                                 works; its figures go to test-reports/bench-quick.{json,md}
 *                                 and README.md is left alone
 *
 * Benchmarks report figures and ratios; they never pass or fail on speed, only on breakage.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filter = args.find((a) => !a.startsWith('--')) ?? '';
const reportOnly = args.includes('--report');
const files = reportOnly
  ? []
  : readdirSync('bench')
      .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
      .sort();
if (files.length === 0 && !reportOnly) {
  console.error(`no benchmark matches "${filter}" in bench/`);
  process.exit(1);
}

const version = (cmd, cmdArgs, pattern = /(\S*\d+\.\d+\S*)/) => {
  try {
    const out = execFileSync(cmd, cmdArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20_000 });
    return pattern.exec(out)?.[1] ?? out.trim().split('\n')[0];
  } catch {
    return 'not found';
  }
};

const startedAt = new Date();
const loadBefore = loadavg();
const parts = mkdtempSync(join(tmpdir(), 'berth-bench-parts-'));
const runs = [];
for (const file of files) {
  console.log(`\n=== bench/${file} ===`);
  const command = `npx tsx bench/${file}`;
  const t0 = Date.now();
  const loadAverage = loadavg().map((l) => Math.round(l * 100) / 100);
  const { status } = spawnSync('npx', ['tsx', `bench/${file}`], {
    stdio: 'inherit',
    env: { ...process.env, BERTH_BENCH_PARTS: parts, ...(quick ? { BERTH_BENCH_QUICK: '1' } : {}) },
  });
  runs.push({
    file,
    command,
    status,
    seconds: Math.round((Date.now() - t0) / 1000),
    startedAt: new Date(t0).toISOString(),
    loadAverage,
  });
}

const readJsonIfAny = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);

const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const partFiles = readdirSync(parts).filter((f) => f.endsWith('.json'));
const benchParts = partFiles.map((f) => JSON.parse(readFileSync(join(parts, f), 'utf8')));
const stamp = startedAt.toISOString().slice(0, 10);
const out = quick ? 'test-reports' : 'bench/results';
const base = quick ? 'bench-quick' : stamp;
// A partial run keeps the day's figures of the files it did not run, and of a file that ran
// to the end the figures it did not measure again (one size of the cluster, say); a file that
// ran and broke keeps none: no stale figure beside a failed run.
const benchOf = (file) => file.replace(/\.bench\.ts$/, '');
const ran = new Set(runs.map((r) => benchOf(r.file)));
const broke = new Set(runs.filter((r) => r.status !== 0).map((r) => benchOf(r.file)));
const earlier = !quick && (filter || reportOnly) ? readJsonIfAny(join(out, `${base}.json`)) : null;
const figureBench = (f) => f.bench ?? /-- (\S+)/.exec(f.command)?.[1];
const measuredIds = new Set(benchParts.flatMap((p) => p.figures.map((f) => f.id)));
const keptFigures = (earlier?.figures ?? []).filter(
  (f) => !ran.has(figureBench(f)) || (!broke.has(figureBench(f)) && !measuredIds.has(f.id)),
);
const keptRuns = (earlier?.commands ?? []).filter((r) => !broke.has(benchOf(r.file)));
// A note is replaced by a new one of the same file that opens the same way (the same profile, size).
const noteKey = (n) => n.slice(0, 60);
const newNoteKeys = new Set(benchParts.flatMap((p) => p.notes.map((n) => noteKey(`${p.bench}: ${n}`))));
const keptNotes = (earlier?.notes ?? []).filter((n) => !broke.has(n.split(':')[0]) && !newNoteKeys.has(noteKey(n)));
const earlierVersions = earlier?.versions ?? {};
const versions = {
  ...earlierVersions,
  node: process.version,
  docker: version('docker', ['version', '--format', '{{.Server.Version}}'], /(.+)/),
  ...Object.assign({}, ...benchParts.map((p) => p.versions)),
};
const figures = benchParts
  .flatMap((p) => p.figures.map((f) => ({ bench: p.bench, ...f })))
  .map((f) => {
    const m = median(f.values);
    const finite = f.values.filter(Number.isFinite);
    const spread = finite.length ? { min: Math.min(...finite), max: Math.max(...finite) } : null;
    const met = f.target && m !== null ? (f.target.op === '<' ? m < f.target.value : m > f.target.value) : undefined;
    return { ...f, runs: f.values.length, median: m, spread, ...(met === undefined ? {} : { met }) };
  })
  .concat(keptFigures.map(({ ratio: _ratio, ...f }) => f))
  .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
const byId = new Map(figures.map((f) => [f.id, f]));
for (const f of figures) {
  const peer = f.versus && byId.get(f.versus);
  if (peer && f.median !== null && peer.median) f.ratio = f.median / peer.median;
}

const result = {
  date: startedAt.toISOString(),
  quick,
  machine: {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    ramGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverageBefore: loadBefore.map((l) => Math.round(l * 100) / 100),
    loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100),
  },
  versions,
  commands: [...keptRuns, ...runs],
  figures,
  notes: [...keptNotes, ...benchParts.flatMap((p) => p.notes.map((n) => `${p.bench}: ${n}`))],
};

const num = (n, unit) => {
  if (n === null || n === undefined || !Number.isFinite(n)) return 'n/a';
  const digits =
    unit === 'ms' || unit === '/s' || unit === 'rows' || Math.abs(n) >= 100 ? 0 : Math.abs(n) >= 10 ? 1 : 2;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
};
const cell = (f) => {
  const spread =
    f.runs > 1 && f.spread ? ` (${num(f.spread.min, f.unit)}–${num(f.spread.max, f.unit)}, ${f.runs} runs)` : '';
  return `${num(f.median, f.unit)} ${f.unit}${spread}`;
};
const targetCell = (f) => (f.target ? `${f.target.text}: **${f.met ? 'met' : 'missed'}**` : '');
// A figure from another day's report carries its peer's text (`versusWhat`) from that report.
const ratioCell = (f) =>
  f.ratio !== undefined ? `${num(f.ratio, '×')}× ${f.versusWhat ?? byId.get(f.versus)?.what ?? f.versus}` : '';

const loadLine = keptRuns.length
  ? "load average at each file's start in the full report"
  : `load average ${result.machine.loadAverageBefore.join(' ')} before → ${result.machine.loadAverageAfter.join(' ')} after`;
const machineLine = `${result.machine.cores} cores (${result.machine.cpu}), ${result.machine.ramGB} GB RAM, ${loadLine}`;
const versionLine = Object.entries(versions)
  .map(([k, v]) => `${k} ${v}`)
  .join(', ');
/** The figures as a Markdown table; rows with a `day` (README's) get a column linking that day's report. */
const tableOf = (rows, dated = false) =>
  [
    `| figure | median (spread) | ratio to its peer | target |${dated ? ' measured |' : ''}`,
    `| --- | --- | --- | --- |${dated ? ' --- |' : ''}`,
    ...rows.map(
      (f) =>
        `| ${f.what}${f.note ? ` — ${f.note}` : ''} | ${cell(f)} | ${ratioCell(f)} | ${targetCell(f)} |${dated ? ` [${f.day}](bench/results/${f.day}.md) |` : ''}`,
    ),
  ].join('\n');
const table = tableOf(figures);
const markdown = [
  `# Berth benchmarks, ${startedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC${quick ? ' (quick run)' : ''}`,
  '',
  `Machine: ${machineLine}.`,
  '',
  `Versions: ${versionLine}.`,
  '',
  `Commands: ${result.commands.map((r) => `\`${r.command}\` (${r.seconds} s${r.status ? `, exit ${r.status}` : ''}${r.loadAverage ? `, started ${r.startedAt.slice(11, 16)} UTC at load ${r.loadAverage[0]}` : ''})`).join(', ')}; all through \`npm run bench${quick ? ' -- --quick' : ''}\`. Each figure's own command is in the JSON.`,
  '',
  "Times vary with the machine's load (it is shared): read the ratios, measured in the same run, more than the times.",
  '',
  table,
  '',
  ...(result.notes.length ? ['## Notes', '', ...result.notes.map((n) => `- ${n}`), ''] : []),
].join('\n');

mkdirSync(out, { recursive: true });
writeFileSync(join(out, `${base}.json`), `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(join(out, `${base}.md`), markdown);
console.log(`\nreport: ${out}/${base}.json and ${out}/${base}.md`);

/**
 * README's table: every figure with a target or a peer, each as the latest day's report gives
 * it, with that day beside it. A partial run measures a few figures again; the others stay as
 * last measured (and dated) rather than vanish. A ratio is always within one report.
 */
function newestHeadline() {
  const newest = new Map();
  const days = readdirSync(out)
    .filter((f) => /^\d{4}-\d{2}-\d{2}\.json$/.test(f))
    .sort();
  for (const file of days) {
    const dayFigures = JSON.parse(readFileSync(join(out, file), 'utf8')).figures;
    const peers = new Map(dayFigures.map((f) => [f.id, f.what]));
    for (const f of dayFigures) newest.set(f.id, { ...f, day: file.slice(0, 10), versusWhat: peers.get(f.versus) });
  }
  return {
    first: days[0]?.slice(0, 10),
    rows: [...newest.values()]
      .filter((f) => f.target || f.ratio !== undefined)
      .sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true })),
  };
}

if (!quick && existsSync('README.md')) {
  const readme = readFileSync('README.md', 'utf8');
  const begin = '<!-- bench:begin (generated by npm run bench; do not edit) -->';
  const end = '<!-- bench:end -->';
  const i = readme.indexOf(begin);
  const j = readme.indexOf(end);
  if (i >= 0 && j > i) {
    const { first, rows } = newestHeadline();
    const generated = [
      begin,
      '',
      `From \`npm run bench\`, ${first} to ${stamp}: the figures with a target or a peer, each from the latest day that measured it (in its last column); every figure, with each day's machine load and versions, is in that day's report in [bench/results/](bench/results/). The latest run: ${machineLine}; ${versionLine}.`,
      '',
      tableOf(rows, true),
      '',
      end,
    ].join('\n');
    writeFileSync('README.md', readme.slice(0, i) + generated + readme.slice(j + end.length));
    spawnSync('npx', ['prettier', '--write', 'README.md', join(out, `${base}.md`), join(out, `${base}.json`)], {
      stdio: 'ignore',
    });
    console.log('README.md "Measured" refreshed');
  }
} else if (!quick) {
  spawnSync('npx', ['prettier', '--write', join(out, `${base}.md`), join(out, `${base}.json`)], { stdio: 'ignore' });
}

const failed = runs.filter((r) => r.status !== 0);
for (const r of failed) console.error(`failed: ${r.command} (exit ${r.status})`);
process.exit(failed.length ? 1 : 0);
