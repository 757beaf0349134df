import type { Redis } from 'ioredis';
import type { RemoteProjectionState } from '../api/remote-projections';

/**
 * Where projectors say how each projection they run is doing, for the API processes' /ready:
 * one Redis key per projection, written by its lease holder on every renewal and expiring by
 * itself when nobody renews it (its projector died and no other took over).
 */
export interface ProjectionBoard {
  report(name: string, state: RemoteProjectionState, ttlMs: number): Promise<void>;
  clear(name: string): Promise<void>;
  read(names: readonly string[]): Promise<Map<string, RemoteProjectionState>>;
}

export function createProjectionBoard(options: { redis: Redis; prefix: string }): ProjectionBoard {
  const { redis } = options;
  const key = (name: string) => `${options.prefix}projections:status:${name}`;
  return {
    async report(name, state, ttlMs) {
      await redis.set(key(name), JSON.stringify(state), 'PX', Math.max(1, Math.round(ttlMs)));
    },
    async clear(name) {
      await redis.del(key(name));
    },
    async read(names) {
      const board = new Map<string, RemoteProjectionState>();
      if (names.length === 0) return board;
      const values = await redis.mget(...names.map(key));
      names.forEach((name, i) => {
        const value = values[i];
        if (value) board.set(name, JSON.parse(value) as RemoteProjectionState);
      });
      return board;
    },
  };
}
