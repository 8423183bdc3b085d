import { describe, expect, it } from 'vitest';
import { signalName, warningText } from './warningText';

describe('warning text', () => {
  it('says what happened, with the exit code and signal', () => {
    expect(warningText({ kind: 'exited', exitCode: 3, count: 1 })).toBe('exited with code 3');
    expect(warningText({ kind: 'killed', exitCode: 137, signal: '9', count: 1 })).toBe(
      'was killed by SIGKILL, exit code 137',
    );
    expect(warningText({ kind: 'oom', count: 1 })).toBe('ran out of memory (OOM)');
    expect(warningText({ kind: 'oom', exitCode: 137, count: 1 })).toBe('ran out of memory (OOM), exit code 137');
    expect(warningText({ kind: 'unhealthy', count: 1 })).toBe('turned unhealthy');
  });

  it('counts repeats (a crash loop)', () => {
    expect(warningText({ kind: 'exited', exitCode: 1, count: 5 })).toBe('exited with code 1 (5 times)');
  });

  it('names signals by number or name', () => {
    expect(signalName('15')).toBe('SIGTERM');
    expect(signalName('HUP')).toBe('SIGHUP');
    expect(signalName('SIGUSR1')).toBe('SIGUSR1');
    expect(signalName('USR1')).toBe('SIGUSR1');
    expect(signalName('42')).toBe('42');
  });
});
