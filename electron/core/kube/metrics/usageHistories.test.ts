import { describe, expect, it } from 'vitest';
import { UsageHistories } from './usageHistories';

const T0 = 1_700_000_100_000;
const shape = { fineCapacity: 20, coarse: { bucketMs: 60_000, capacity: 60 }, compactMemory: true };

function answer(pods: number[], t: number) {
  return pods.map((pod) => ({ id: `ns/pod-${pod}`, t, cpu: pod / 1000, memory: pod * 1024 }));
}

describe('UsageHistories: pods’ usage kept per id', () => {
  it('follows each id when a cluster scales down and its histories move to give memory back', () => {
    const histories = new UsageHistories(shape);
    const all = Array.from({ length: 200 }, (_, i) => i);
    for (let poll = 0; poll < 5; poll++) histories.record(answer(all, T0 + poll * 15_000), T0 + poll * 15_000);
    const grown = histories.bytes;
    // Scaled down to every tenth pod; the others are forgotten once unseen.
    const kept = all.filter((pod) => pod % 10 === 5);
    const t = T0 + 5 * 15_000;
    const change = histories.record(answer(kept, t), t);
    expect(change.removed.length).toBe(180);
    expect(histories.dropUnseen(t).length).toBe(180);
    expect(histories.size).toBe(20);
    expect(histories.bytes).toBeLessThan(grown / 4);
    for (const pod of kept) {
      expect(histories.points(`ns/pod-${pod}`).map((p) => p.t)).toEqual([0, 1, 2, 3, 4, 5].map((i) => T0 + i * 15_000));
      expect(histories.latest(`ns/pod-${pod}`)).toEqual({ t, cpu: pod / 1000, memory: pod * 1024 });
    }
    expect([...histories.listed()]).toEqual(kept.map((pod) => `ns/pod-${pod}`));
    expect(histories.points('ns/pod-6')).toEqual([]);
    // A new pod after that starts with nothing of another's.
    histories.record(answer([...kept, 999], t + 15_000), t + 15_000);
    expect(histories.points('ns/pod-999').length).toBe(1);
  });

  it('records an answer filled as it was read as one, even when a series it matched was dropped meanwhile', () => {
    const histories = new UsageHistories(shape);
    histories.record(answer([1, 2], T0), T0);
    const next = histories.answer();
    for (const sample of answer([1, 2, 3], T0 + 15_000)) next.add(sample);
    // Nothing shows before the answer is recorded.
    expect(histories.points('ns/pod-3')).toEqual([]);
    expect(histories.latest('ns/pod-1')?.t).toBe(T0);
    expect(histories.dropUnseen(T0 + 1)).toEqual(['ns/pod-1', 'ns/pod-2']);
    const change = histories.record(next, T0 + 15_000);
    expect(change).toEqual({ sampled: [], added: ['ns/pod-1', 'ns/pod-2', 'ns/pod-3'], removed: [] });
    expect(histories.points('ns/pod-1')).toEqual([{ t: T0 + 15_000, cpu: 0.001, memory: 1024 }]);
    expect([...histories.listed()]).toEqual(['ns/pod-1', 'ns/pod-2', 'ns/pod-3']);
  });
});
