import { EventInstance, Placement } from './model';

/**
 * Prepares a re-schedule after changes (late requests, cancellations, new availability): each
 * request that the published schedule placed gets that placement as `previous`, so
 * `scheduleEvent` keeps it there unless a meeting would otherwise be lost. Requests absent from
 * `published` (late ones) are scheduled freely; published placements of requests no longer in the
 * instance (cancelled) are ignored.
 */
export function withPublishedSchedule(instance: EventInstance, published: readonly Placement[]): EventInstance {
  const placed = new Map(published.map((p) => [p.requestId, { slot: p.slot, table: p.table }]));
  return {
    ...instance,
    requests: instance.requests.map((request) => {
      const previous = placed.get(request.id);
      return previous ? { ...request, previous } : request;
    }),
  };
}
