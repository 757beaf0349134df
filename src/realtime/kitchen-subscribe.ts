import { z } from 'zod';
import { isKitchenRoom, stationRoom } from './routing';
import type { RealtimeSocket } from './handshake-auth';

const request = z.object({ station: z.string().min(1).max(40) });

export type KitchenSubscribeAnswer =
  | { ok: true; station: string }
  | { ok: false; error: { code: 'VALIDATION_FAILED'; message: string } };

/**
 * `kitchen:subscribe { station }` narrows a display to one station (answered through the ack if
 * the client asked for one). A refused request is answered through the ack, or else emitted as
 * `kitchen:error`, and changes nothing. Subscribing to station 'all' widens back to every station.
 */
export function handleKitchenSubscribe(socket: RealtimeSocket): void {
  socket.on('kitchen:subscribe', (body: unknown, ack?: unknown) => {
    // A client may emit only an ack: `emit('kitchen:subscribe', ack)`.
    const [data, callback] = typeof body === 'function' ? [undefined, body] : [body, ack];
    const answer = (reply: KitchenSubscribeAnswer) => {
      if (typeof callback === 'function') callback(reply);
      else if (!reply.ok) socket.emit('kitchen:error', reply.error);
    };

    const parsed = request.safeParse(data);
    if (!parsed.success) {
      answer({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'station must be a string of 1 to 40 characters' } });
      return;
    }
    const { tenantId } = socket.data.claims;
    const { station } = parsed.data;
    for (const room of [...socket.rooms]) if (isKitchenRoom(tenantId, room)) void socket.leave(room);
    void socket.join(stationRoom(tenantId, station));
    answer({ ok: true, station });
  });
}
