import 'server-only';
// Long server work (an export, a big read) runs on the thread that answers
// every request, and embedded PGlite runs each query on that thread too. A loop
// of awaited queries never gives the event loop a turn: PGlite's promises
// settle as microtasks, so sockets are not read until the loop ends. Awaiting
// this between steps lets waiting requests (a device's collect, a load
// balancer's health check) in, at the cost of one event-loop turn per step.
export function yieldToRequests(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
