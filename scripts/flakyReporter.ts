import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import type { Reporter, TestCase } from 'vitest/node';

/**
 * Records the tests that failed and then passed on their retry, so `npm test` names them in its
 * summary instead of counting them as plain passes: a retry keeps one stall of a shared machine
 * from failing a run, and the list keeps the flakiness in sight. Writes a JSON array of
 * "file › test" to $BERTH_FLAKY_REPORT.
 */
export default class FlakyReporter implements Reporter {
  private readonly flaky: string[] = [];

  onTestCaseResult(testCase: TestCase): void {
    const retries = testCase.diagnostic()?.retryCount ?? 0;
    if (retries > 0 && testCase.result().state === 'passed') {
      this.flaky.push(`${relative(process.cwd(), testCase.module.moduleId)} › ${testCase.fullName}`);
    }
  }

  onTestRunEnd(): void {
    const file = process.env.BERTH_FLAKY_REPORT;
    if (!file) return;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(this.flaky, null, 2)}\n`);
  }
}
