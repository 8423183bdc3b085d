import { useState } from 'react';
import type { RowsVersion } from '../../store/collection';
import { createLiveOrder, type OrderQuery } from './liveOrder';

/**
 * The rows to show, filtered and sorted, updated from the rows that changed since the last
 * render (see liveOrder.ts). The same array while nothing shown changed.
 */
export function useLiveOrder<Row>(rows: RowsVersion<Row>, query: OrderQuery<Row>): readonly Row[] {
  const [order] = useState(createLiveOrder<Row>);
  // The answer depends only on `rows` and `query`, so a render React throws away leaves it right.
  return order(rows, query);
}
