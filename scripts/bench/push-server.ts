import { startBenchServer } from './bench-server';
import { connectRetailSocket, createItems, patchPrice, signUpOwner } from './api-client';
import type { PushTarget } from './push';

/**
 * The real server in this process (embedded SQLite under `dataDir`, logs silent), a shop signed up
 * over HTTP with `items` items, and a Socket.IO client on `/retail` with the owner's token. Each
 * command PATCHes a new price of the next item; `catalog.changed` follows it.
 */
export async function startPushTarget(dataDir: string, items: number): Promise<PushTarget & { close(): Promise<void> }> {
  const { server, baseUrl } = await startBenchServer(dataDir);
  try {
    const { accessToken } = await signUpOwner(baseUrl);
    const itemIds = await createItems(baseUrl, accessToken, items, 16);
    const socket = await connectRetailSocket(baseUrl, accessToken);
    let price = 10_000;
    return {
      socket,
      event: 'catalog.changed',
      okStatus: 200,
      send: (i) => patchPrice(baseUrl, accessToken, itemIds[i % itemIds.length]!, price++),
      async close() {
        socket.disconnect();
        await server.close();
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}
