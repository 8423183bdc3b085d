import { describe, expect, it } from 'vitest';
import type { KindStatus } from '../../../../shared/kube/types';
import { Observable } from '../../app/observable';
import { untilListed } from './untilListed';

const listing = (listed: number): KindStatus => ({ context: 'c', kind: 'Pod', state: 'listing', listed });
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('untilListed', () => {
  it('settles when the list is complete, or once enough rows are in when asked for', async () => {
    const status = new Observable<KindStatus>(listing(0));
    let whole = false;
    let screen = false;
    void untilListed(status).done.then(() => (whole = true));
    void untilListed(status, { rows: 500 }).done.then(() => (screen = true));
    status.set(listing(499));
    await tick();
    expect([whole, screen]).toEqual([false, false]);
    status.set(listing(500));
    await tick();
    expect([whole, screen]).toEqual([false, true]);
    status.set({ context: 'c', kind: 'Pod', state: 'live' });
    await tick();
    expect(whole).toBe(true);
  });

  it('settles at once on a watch already past its list, after the timeout, or when cancelled', async () => {
    await untilListed(new Observable<KindStatus>({ context: 'c', kind: 'Pod', state: 'forbidden' })).done;
    await untilListed(new Observable<KindStatus>(listing(0)), { timeoutMs: 5 }).done;
    const wait = untilListed(new Observable<KindStatus>(listing(0)));
    wait.cancel();
    await wait.done;
  });
});
