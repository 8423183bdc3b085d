import { describe, expect, it } from 'vitest';
import { MASK, maskInspectEnv } from './secretMask';

describe('maskInspectEnv', () => {
  const inspect = { Id: 'abc', Config: { Env: ['PATH=/bin', 'DB_PASSWORD=hunter2', 'EMPTY'] } };

  it('hides only the named variables and leaves the original untouched', () => {
    const masked = maskInspectEnv(inspect, new Set(['DB_PASSWORD']));
    expect(masked.Config).toEqual({ Env: ['PATH=/bin', `DB_PASSWORD=${MASK}`, 'EMPTY'] });
    expect(JSON.stringify(masked)).not.toContain('hunter2');
    expect(inspect.Config.Env[1]).toBe('DB_PASSWORD=hunter2');
  });
  it('copes with objects without Config.Env', () => {
    expect(maskInspectEnv({ Id: 'x' }, new Set(['A']))).toEqual({ Id: 'x' });
  });
});
