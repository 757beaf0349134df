import type { Logger } from 'pino';
import type { Push } from './publisher';

// Room names. Tenant ids never contain ':' (DESIGN decision 2), so one tenant's rooms cannot
// be named by another's.
export const tenantRoom = (tenantId: string): string => `t:${tenantId}`;
export const allStationsRoom = (tenantId: string): string => `t:${tenantId}:kitchen:all`;
export const stationRoom = (tenantId: string, station: string): string => `t:${tenantId}:kitchen:${station}`;
export const isKitchenRoom = (tenantId: string, room: string): boolean => room.startsWith(`t:${tenantId}:kitchen:`);

/**
 * The routing rule: a push without a station reaches every socket of its tenant; a kitchen push
 * reaches the displays that did not narrow and those narrowed to its station.
 */
export function roomsFor(push: Pick<Push, 'tenantId' | 'station'>): string[] {
  if (push.station === undefined) return [tenantRoom(push.tenantId)];
  return [allStationsRoom(push.tenantId), stationRoom(push.tenantId, push.station)];
}

/** What both a Socket.IO server and a Redis emitter offer. */
export interface Broadcaster {
  of(namespace: string): { to(rooms: string[]): { emit(event: string, payload: Push['payload']): unknown } };
}

/** Emits a push to its rooms; a failure (e.g. a reserved event name) is logged, not thrown. */
export function deliver(broadcaster: Broadcaster, push: Push, log: Logger): void {
  try {
    broadcaster.of(push.namespace).to(roomsFor(push)).emit(push.event, push.payload);
  } catch (error) {
    log.error({ err: error, event: push.event, tenantId: push.tenantId }, 'realtime push failed');
  }
}
