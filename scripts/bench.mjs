#!/usr/bin/env node
/**
 * `npm run bench`: runs every bench/*.bench.ts against the real engine (and cluster),
 * one after another. Benchmarks report figures and ratios; they never pass or fail on speed.
 * `npm run bench -- docker` runs only the files whose name contains "docker".
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const filter = process.argv[2] ?? '';
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
if (files.length === 0) {
  console.error(`no benchmark matches "${filter}" in bench/`);
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  console.log(`\n=== bench/${file} ===`);
  const { status } = spawnSync('npx', ['tsx', `bench/${file}`], { stdio: 'inherit' });
  if (status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
