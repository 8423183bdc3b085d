import { describe, expect, it } from 'vitest';
import { formatClock, timeStep, timeTicks } from './timeAxis';
import { byteStep, bytesTop, stepTicks } from './valueAxis';
import { formatBytes, formatPercent, formatRate } from '../../format/units';

describe('time axis', () => {
  it('formats epoch ms as local HH:MM:SS', () => {
    const t = new Date(2024, 4, 6, 7, 8, 9, 999).getTime();
    expect(formatClock(t)).toBe('07:08:09');
  });

  it('picks round tick spacings for the window', () => {
    expect(timeStep(60_000)).toBe(10_000);
    expect(timeStep(5 * 60_000)).toBe(60_000);
    expect(timeStep(15 * 60_000)).toBe(300_000);
    expect(timeStep(3_000)).toBe(1000);
    expect(timeStep(100 * 3600_000)).toBe(21_600_000);
  });

  it('puts ticks on round local times inside the range', () => {
    const min = new Date(2024, 4, 6, 7, 8, 9, 500).getTime();
    const max = min + 5 * 60_000;
    const ticks = timeTicks(min, max, 60_000);
    expect(ticks.map(formatClock)).toEqual(['07:09:00', '07:10:00', '07:11:00', '07:12:00', '07:13:00']);
    expect(ticks.every((t) => t >= min && t <= max)).toBe(true);
    expect(timeTicks(min, min + 10_000, 5_000).map(formatClock)).toEqual(['07:08:10', '07:08:15']);
    expect(timeTicks(5, 1, 1000)).toEqual([]);
  });
});

describe('units', () => {
  it('formats bytes with binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MiB');
    expect(formatBytes(1.25 * 1024 ** 3, 2)).toBe('1.25 GiB');
    expect(formatBytes(Number.NaN)).toBe('–');
  });

  it('formats rates and percentages', () => {
    expect(formatRate(2048)).toBe('2 KiB/s');
    expect(formatPercent(73.456)).toBe('73.5 %');
  });
});

describe('translucent', () => {
  it('adds alpha to hex and rgb colours and leaves others alone', async () => {
    const { translucent } = await import('./chartTheme');
    expect(translucent('#1a62c9', 0.2)).toBe('rgba(26, 98, 201, 0.2)');
    expect(translucent('#fff', 0.5)).toBe('rgba(255, 255, 255, 0.5)');
    expect(translucent('rgb(1, 2, 3)', 0.1)).toBe('rgba(1, 2, 3, 0.1)');
    expect(translucent('red', 0.1)).toBe('red');
  });
});

describe('value axes', () => {
  const MiB = 1024 * 1024;
  const GiB = 1024 * MiB;

  it('ticks bytes on powers of two up to a top that is a tick too', () => {
    const top = bytesTop(1.1 * GiB);
    expect(top).toBe(1.5 * GiB);
    expect(stepTicks(0, top, byteStep(top)).map((v) => formatBytes(v))).toEqual(['0 B', '512 MiB', '1 GiB', '1.5 GiB']);
  });

  it('gives an empty or all-zero bytes chart distinct ticks, not "0 B, 0 B, 1 B"', () => {
    const top = bytesTop(0);
    const labels = stepTicks(0, top, byteStep(top)).map((v) => formatBytes(v));
    expect(labels).toEqual(['0 B', '256 B', '512 B', '768 B', '1 KiB']);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('keeps at most five byte ticks whatever the top', () => {
    for (let max = 1; max < 64 * GiB; max = Math.ceil(max * 1.37)) {
      const top = bytesTop(max);
      const ticks = stepTicks(0, top, byteStep(top));
      expect(top).toBeGreaterThanOrEqual(max);
      expect(ticks.at(-1)).toBe(top);
      expect(ticks.length).toBeGreaterThanOrEqual(2);
      expect(ticks.length).toBeLessThanOrEqual(5);
    }
  });
});
