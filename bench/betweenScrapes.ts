import { cpuMsOf } from './figures';

/** How a wait for the fixture's kubelet stand-in ended. */
export interface ScrapeWait {
  waitedMs: number;
  /** A scrape was seen and had ended; false when none came within the wait. */
  afterScrape: boolean;
}

const POLL_MS = 100;
/** CPU per poll that counts as a scrape being answered: 30 % of a core. */
const BUSY_MS = 30;
/** Quiet this long (under 10 % of a core) once busy: the burst is over. */
const QUIET_MS = 500;
/** A burst of this much CPU is a scrape answered (about 1.8 s at 10,000 pods); less is other work. */
const SCRAPE_MS = 500;

/**
 * Waits until kwok has just answered a metrics-server scrape, so a timed window of a second
 * or two after it does not share the two cores with the next. kwok stands in for the scale
 * fixture's 50 nodes' kubelets: every 15 s it works out the usage of each of 10,000 pods for
 * metrics-server, about 2 s of CPU, which a real cluster's kubelets spend on their own
 * machines. Gives up after `maxWaitMs` (a small fixture's scrapes may cost too little to see).
 */
export async function betweenScrapes(kwokPid: number | undefined, maxWaitMs = 20_000): Promise<ScrapeWait> {
  const started = Date.now();
  const cpuMs = (): number | undefined => cpuMsOf(kwokPid);
  const first = cpuMs();
  if (first === undefined) return { waitedMs: 0, afterScrape: false };
  const readings = [first];
  // The CPU reading when the burst being watched began, and polls since its last busy one.
  let burstFrom: number | undefined;
  let sinceBusy = 0;
  const quietPolls = QUIET_MS / POLL_MS;
  while (Date.now() - started < maxWaitMs) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const now = cpuMs();
    if (now === undefined) break;
    const before = readings.at(-1)!;
    readings.push(now);
    if (now - before >= BUSY_MS) {
      burstFrom ??= before;
      sinceBusy = 0;
      continue;
    }
    if (burstFrom === undefined || ++sinceBusy < quietPolls) continue;
    // The kernel counts CPU in 10 ms ticks: quiet is judged over the whole span, not per poll.
    if (now - readings.at(-1 - quietPolls)! > QUIET_MS * 0.1) continue;
    if (now - burstFrom >= SCRAPE_MS) return { waitedMs: Date.now() - started, afterScrape: true };
    burstFrom = undefined; // a small one (a node's status): wait for the scrape
  }
  return { waitedMs: Date.now() - started, afterScrape: false };
}
