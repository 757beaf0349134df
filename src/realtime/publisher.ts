export type RealtimeNamespace = '/restaurant' | '/retail';

export const REALTIME_NAMESPACES: readonly RealtimeNamespace[] = ['/restaurant', '/retail'];

/** One message for the displays of one tenant, published by a projection after its batch commits. */
export interface Push {
  namespace: RealtimeNamespace;
  tenantId: string;
  /** e.g. 'order.placed', 'kitchen.updated', 'stock.changed' */
  event: string;
  /** Every push carries the global position, so a display that sees a gap re-fetches the snapshot. */
  payload: { position: string } & Record<string, unknown>;
  /** Only for kitchen pushes: narrows delivery to the displays subscribed to this station. */
  station?: string;
}

/**
 * What projections publish through: in-process (the Socket.IO server of this process) or via
 * Redis (a projector process without a Socket.IO server). Pushes are best effort: a failure is
 * logged, never thrown into the projection that published.
 */
export interface Publisher {
  publish(push: Push): void;
  close(): Promise<void>;
}
