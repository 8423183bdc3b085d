import type { CollectionEvent } from '../../../shared/collection';
import type { EngineEventRow } from '../../../shared/docker';
import { RingBuffer } from '../metrics/ringBuffer';
import { LiveCollection } from '../streams/liveCollection';
import type { EngineConnection } from './engineConnection';
import { toEventRow } from './resourceRows';

export const RECENT_EVENTS = 500;

/** The engine's recent events (the last 500), as a collection: new events are upserts, evicted ones deletes. */
export class EngineEventLog {
  private readonly rows = new LiveCollection<EngineEventRow>();
  private readonly ring = new RingBuffer<string>(RECENT_EVENTS);
  private seq = 0;
  private readonly stop: () => void;

  constructor(engineId: string, connection: EngineConnection) {
    this.stop = connection.onEvent((event) => {
      const row = toEventRow(event, engineId, this.seq++);
      this.rows.upsert(row);
      const evicted = this.ring.push(row.id);
      if (evicted !== undefined) this.rows.delete(evicted);
    });
  }

  subscribe(emit: (event: CollectionEvent<EngineEventRow>) => void): () => void {
    return this.rows.subscribe(emit);
  }

  dispose(): void {
    this.stop();
    this.rows.dispose();
  }
}
