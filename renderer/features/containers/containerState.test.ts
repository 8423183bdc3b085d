import { describe, expect, it } from 'vitest';
import { availableActions, containerStateLabel, containerTone, countByState } from './containerState';

describe('containerTone', () => {
  it('is green for running, amber for paused or restarting, red when unhealthy', () => {
    expect(containerTone({ state: 'running' })).toBe('ok');
    expect(containerTone({ state: 'running', health: 'starting' })).toBe('warn');
    expect(containerTone({ state: 'running', health: 'unhealthy' })).toBe('bad');
    expect(containerTone({ state: 'paused' })).toBe('warn');
    expect(containerTone({ state: 'restarting' })).toBe('warn');
  });
  it('is grey for a container stopped on purpose, red for one that failed', () => {
    expect(containerTone({ state: 'exited', exitCode: 0 })).toBe('idle');
    expect(containerTone({ state: 'exited', exitCode: 137 })).toBe('idle');
    expect(containerTone({ state: 'exited', exitCode: 1 })).toBe('bad');
    expect(containerTone({ state: 'dead' })).toBe('bad');
    expect(containerTone({ state: 'created' })).toBe('idle');
  });
});

describe('containerStateLabel', () => {
  it('names the exit code and health', () => {
    expect(containerStateLabel({ state: 'exited', exitCode: 2 })).toBe('exited (2)');
    expect(containerStateLabel({ state: 'running', health: 'healthy' })).toBe('running (healthy)');
    expect(containerStateLabel({ state: 'paused' })).toBe('paused');
  });
});

describe('countByState', () => {
  it('counts every state, zero included', () => {
    const counts = countByState([{ state: 'running' }, { state: 'running' }, { state: 'exited' }]);
    expect(counts.running).toBe(2);
    expect(counts.exited).toBe(1);
    expect(counts.paused).toBe(0);
  });
});

describe('availableActions', () => {
  it('offers stop for running containers and start for stopped ones', () => {
    expect(availableActions('running')).toMatchObject({ start: false, stop: true, pause: true, unpause: false });
    expect(availableActions('exited')).toMatchObject({ start: true, stop: false, pause: false, kill: false });
    expect(availableActions('paused')).toMatchObject({ unpause: true, pause: false, stop: false });
  });
});
