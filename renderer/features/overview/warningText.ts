import type { EngineWarningRow } from '../../../shared/docker';

/** Signal numbers as Linux numbers them, for the ones containers are usually killed with. */
const SIGNALS: Record<string, string> = {
  '1': 'SIGHUP',
  '2': 'SIGINT',
  '3': 'SIGQUIT',
  '6': 'SIGABRT',
  '9': 'SIGKILL',
  '15': 'SIGTERM',
};

/** "9" → "SIGKILL", "KILL" → "SIGKILL"; anything else as the engine said it. */
export function signalName(signal: string): string {
  if (SIGNALS[signal]) return SIGNALS[signal];
  return /^[A-Z][A-Z0-9]*$/.test(signal) && !signal.startsWith('SIG') ? `SIG${signal}` : signal;
}

/** What happened to the container, in words: "exited with code 3", "ran out of memory (OOM), exit code 137". */
export function warningText(warning: Pick<EngineWarningRow, 'kind' | 'exitCode' | 'signal' | 'count'>): string {
  const code = warning.exitCode !== undefined ? `, exit code ${warning.exitCode}` : '';
  let text: string;
  switch (warning.kind) {
    case 'exited':
      text = `exited with code ${warning.exitCode ?? '?'}`;
      break;
    case 'killed':
      text = `was killed${warning.signal ? ` by ${signalName(warning.signal)}` : ''}${code}`;
      break;
    case 'oom':
      text = `ran out of memory (OOM)${code}`;
      break;
    case 'unhealthy':
      text = 'turned unhealthy';
      break;
  }
  return warning.count > 1 ? `${text} (${warning.count} times)` : text;
}
