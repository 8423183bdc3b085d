import { layout, type LayoutInput } from './layout';

const scope = self as unknown as { postMessage(message: unknown): void };

/** Lays the map out off the UI thread: one request in, one result out, tagged with its id. */
self.onmessage = (event: MessageEvent<{ id: number; input: LayoutInput }>) => {
  const started = performance.now();
  const result = layout(event.data.input);
  scope.postMessage({ id: event.data.id, result, ms: performance.now() - started });
};
