#!/usr/bin/env node
/**
 * `npm test`: builds the app, runs the unit and integration tests (vitest) and the
 * end-to-end tests in Chromium through web mode (Playwright), after the static checks
 * (typecheck, lint, format; each counts as one failure when it fails), then prints one summary
 * line for both: "N passed, N failed, N skipped", with every skip and its reason. The quick
 * benchmark run counts as one test (it fails only when a benchmark breaks, never on speed).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';

// Not test-results/: Playwright empties that folder when it starts.
const results = 'test-reports';
mkdirSync(results, { recursive: true });
for (const stale of ['vitest-flaky.json', 'faults-flaky.json']) rmSync(`${results}/${stale}`, { force: true });
const run = (cmd, args, env = {}) =>
  spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } }).status ?? 1;

const step = (name) => process.stdout.write(`\n=== ${name} ===\n`);

// Berth never writes a kubeconfig it reads (only "Set as default context" may, on request):
// the test clusters' file must be byte-identical after every suite.
const kubeconfig =
  process.env.BERTH_TEST_KUBECONFIG ?? `${process.env.BERTH_CLUSTER_DIR ?? '/tmp/berth-cluster'}/kubeconfig`;
const digest = (file) => (existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'missing');
const kubeconfigBefore = digest(kubeconfig);

step('build');
if (run('npx', ['electron-vite', 'build']) !== 0) {
  process.stdout.write('\nBuild failed: no tests ran.\n0 passed, 1 failed\n');
  process.exit(1);
}

step('static checks (typecheck, lint, format)');
const staticFailures = ['typecheck', 'lint', 'format:check'].filter(
  (script) => run('npm', ['run', '-s', script]) !== 0,
);
if (staticFailures.length) process.stdout.write(`static checks failed: ${staticFailures.join(', ')}\n`);

step('unit and integration tests (vitest)');
const vitestStatus = run(
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    '--reporter=./scripts/flakyReporter.ts',
    `--outputFile.json=${results}/vitest.json`,
  ],
  { BERTH_FLAKY_REPORT: `${results}/vitest-flaky.json` },
);

step('fault-injection suite (vitest, real faults)');
const faultsStatus = run(
  'npx',
  [
    'vitest',
    'run',
    '-c',
    'vitest.faults.config.ts',
    '--passWithNoTests',
    '--reporter=default',
    '--reporter=json',
    '--reporter=./scripts/flakyReporter.ts',
    `--outputFile.json=${results}/faults.json`,
  ],
  { BERTH_FLAKY_REPORT: `${results}/faults-flaky.json` },
);

step('end-to-end tests (Playwright, Chromium, web mode)');
const playwrightStatus = run('npx', ['playwright', 'test', '--reporter=list,json'], {
  PLAYWRIGHT_JSON_OUTPUT_NAME: `${results}/playwright.json`,
});

// The benchmarks' small run: it checks they still work against the real engine, cluster and
// Chromium; its figures are not judged, only a breakage fails it.
step('benchmarks, quick run (npm run bench -- --quick; figures not judged)');
const benchStatus = run('node', ['scripts/bench.mjs', '--quick']);

const readJson = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null);
const totals = { passed: 0, failed: 0, skipped: 0 };
const skips = [];
// Named in the summary, the last lines a CI log keeps, with the first line of why.
const failures = [];
// Failed, then passed on the one retry the configs allow: counted as passed, and named.
const flaky = [`${results}/vitest-flaky.json`, `${results}/faults-flaky.json`].flatMap((f) => readJson(f) ?? []);
// Vitest colours its messages; the summary is plain text.
// eslint-disable-next-line no-control-regex
const ansi = /\x1b\[[0-9;]*m/g;
const firstLine = (text) =>
  String(text ?? '')
    .replace(ansi, '')
    .trim()
    .split('\n')[0]
    .slice(0, 300);

const countVitest = (report) => {
  for (const file of report.testResults ?? []) {
    // A file that fails before its tests run (an import error, a failing hook) has no failed test.
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) {
      totals.failed += 1;
      failures.push(`${file.name.replace(process.cwd() + '/', '')}: ${firstLine(file.message)}`);
    }
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'passed') totals.passed += 1;
      else if (t.status === 'failed') {
        totals.failed += 1;
        failures.push(
          `${file.name.replace(process.cwd() + '/', '')} › ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`,
        );
      } else {
        totals.skipped += 1;
        skips.push(`${file.name.replace(process.cwd() + '/', '')} › ${t.fullName}`);
      }
    }
  }
};
for (const report of [`${results}/vitest.json`, `${results}/faults.json`].map(readJson)) {
  if (report) countVitest(report);
  else totals.failed += 1;
}

const walk = (suite, path) => {
  for (const spec of suite.specs ?? []) {
    for (const t of spec.tests ?? []) {
      const status = t.results?.at(-1)?.status ?? t.status;
      if (t.status === 'skipped' || status === 'skipped') {
        totals.skipped += 1;
        const reason = (t.annotations ?? []).find((a) => a.type === 'skip')?.description;
        skips.push(`${[...path, spec.title].join(' › ')}${reason ? ` (skipped: ${reason})` : ''}`);
      } else if (t.status === 'expected') totals.passed += 1;
      else if (t.status === 'flaky') {
        totals.passed += 1;
        flaky.push([...path, spec.title].join(' › '));
      } else {
        totals.failed += 1;
        const error = t.results?.at(-1)?.error?.message;
        failures.push(`${[...path, spec.title].join(' › ')}: ${firstLine(error)}`);
      }
    }
  }
  for (const child of suite.suites ?? []) walk(child, [...path, child.title]);
};
const playwright = readJson(`${results}/playwright.json`);
if (playwright) for (const suite of playwright.suites ?? []) walk(suite, [suite.title]);
else totals.failed += 1;

if (benchStatus === 0) totals.passed += 1;
else totals.failed += 1;
totals.failed += staticFailures.length;
const kubeconfigChanged = digest(kubeconfig) !== kubeconfigBefore;
if (kubeconfigChanged) totals.failed += 1;

step('summary');
process.stdout.write(
  kubeconfigChanged
    ? `failed: the test kubeconfig ${kubeconfig} changed during the tests\n`
    : `kubeconfig unchanged by the tests: ${kubeconfig}\n`,
);
for (const script of staticFailures) process.stdout.write(`failed: npm run ${script}\n`);
for (const skip of skips) process.stdout.write(`skipped: ${skip}\n`);
for (const test of flaky) process.stdout.write(`flaky (passed on its retry): ${test}\n`);
for (const failure of failures) process.stdout.write(`failed: ${failure}\n`);
process.stdout.write(
  `vitest exit ${vitestStatus}, faults exit ${faultsStatus}, playwright exit ${playwrightStatus}, quick bench exit ${benchStatus}\n`,
);
process.stdout.write(
  `${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped${flaky.length ? ` (${flaky.length} of the passed needed a retry)` : ''}\n`,
);
process.exit(vitestStatus === 0 && faultsStatus === 0 && playwrightStatus === 0 && totals.failed === 0 ? 0 : 1);
