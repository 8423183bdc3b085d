import { describe, expect, it } from 'vitest';
import { describeExecEnd, isValidShellPath } from './execSession';
import { InputQueue, MAX_INPUT_CHARS } from './inputQueue';

describe('describeExecEnd', () => {
  it('finds the exit code in the reason and treats non-zero as a failure', () => {
    expect(describeExecEnd('exited with code 0')).toEqual({
      headline: 'exited with code 0',
      exitCode: 0,
      failed: false,
    });
    expect(describeExecEnd('shell exited with code 130')).toMatchObject({ exitCode: 130, failed: true });
    expect(describeExecEnd('exit code 137')).toMatchObject({ exitCode: 137, failed: true });
    expect(describeExecEnd('exitCode=2')).toMatchObject({ exitCode: 2, failed: true });
  });

  it('shows other reasons as they are, marking errors', () => {
    expect(describeExecEnd('closed by the user')).toEqual({ headline: 'closed by the user', failed: false });
    expect(describeExecEnd('connection to the engine lost')).toMatchObject({ failed: true });
    expect(describeExecEnd('')).toEqual({ headline: 'the session ended', failed: false });
  });
});

describe('isValidShellPath', () => {
  it('accepts absolute paths and refuses arguments, relative paths and odd characters', () => {
    expect(isValidShellPath('/bin/sh')).toBe(true);
    expect(isValidShellPath('/usr/local/bin/zsh-5.9')).toBe(true);
    expect(isValidShellPath('bash')).toBe(false);
    expect(isValidShellPath('/bin/sh -c reboot')).toBe(false);
    expect(isValidShellPath('/bin/sh;rm')).toBe(false);
  });
});

describe('InputQueue', () => {
  it('sends keystrokes in order, one request at a time, batching what arrives meanwhile', async () => {
    const sent: string[] = [];
    let release: (() => void) | undefined;
    const q = new InputQueue(
      (data) =>
        new Promise<void>((resolve) => {
          sent.push(data);
          release = resolve;
        }),
    );
    q.push('e');
    q.push('c');
    q.push('h');
    q.push('o');
    expect(sent).toEqual(['e']);
    release!();
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual(['e', 'cho']);
    release!();
    await new Promise((r) => setTimeout(r, 0));
    expect(q.pending).toBe(0);
  });

  it('splits large pastes at the input limit without breaking characters', async () => {
    const sent: string[] = [];
    const q = new InputQueue(async (data) => {
      sent.push(data);
    });
    const big = 'a'.repeat(MAX_INPUT_CHARS - 1) + '🐳' + 'b'.repeat(10);
    q.push(big);
    await new Promise((r) => setTimeout(r, 0));
    expect(sent.join('')).toBe(big);
    expect(sent[0]).toHaveLength(MAX_INPUT_CHARS - 1);
    expect(sent.every((s) => s.length <= MAX_INPUT_CHARS)).toBe(true);
  });

  it('keeps going after a failed request and stops after close', async () => {
    const sent: string[] = [];
    const errors: unknown[] = [];
    const q = new InputQueue(
      async (data) => {
        sent.push(data);
        if (data === 'x') throw new Error('boom');
      },
      (e) => errors.push(e),
    );
    q.push('x');
    q.push('y');
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual(['x', 'y']);
    expect(errors).toHaveLength(1);
    q.close();
    q.push('z');
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual(['x', 'y']);
  });
});
