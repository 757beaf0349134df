import { randomUUID } from 'node:crypto';
import type { Decider, Message } from '../domain/decider';
import { WrongExpectedRevisionError } from '../eventstore/errors';
import { position, revision, type AppendResult, type EventStore, type EventToAppend, type Position, type RecordedEvent } from '../eventstore/types';
import { canonicalJson } from './canonical-json';
import type { CommandContext, CommandResult } from './command-context';
import { idempotencyKeyReused, revisionConflict, tooMuchContention } from './errors';
import { envelopes } from './event-envelopes';
import { GENESIS_HASH, sha256Hex } from './hash-chain';

const MAX_ATTEMPTS = 8;

interface Loaded<State> {
  state: State;
  revision: bigint; // -1 when the stream does not exist
  position: Position;
  lastHash: string;
  /** The events an earlier run of this very command appended, with the state right after them. */
  earlier?: { events: RecordedEvent[]; state: State };
}

/** A stream known not to exist yet, as load would find it. */
const nothingYet = <S, C, E>(decider: Decider<S, C, E>): Loaded<S> => ({ state: decider.initialState(), revision: -1n, position: position(0), lastHash: GENESIS_HASH });

async function load<S, C, E extends Message>(store: EventStore, decider: Decider<S, C, E>, stream: string, commandId: string): Promise<Loaded<S>> {
  const recorded = await store.readStream(stream);
  let state = decider.initialState();
  let earlier: Loaded<S>['earlier'];
  for (const event of recorded) {
    state = decider.evolve(state, { type: event.type, data: event.data } as E);
    if (event.metadata.commandId === commandId) earlier = { events: [...(earlier?.events ?? []), event], state };
  }
  const last = recorded[recorded.length - 1];
  return {
    state,
    revision: last ? last.revision : -1n,
    position: last ? last.position : position(0),
    lastHash: (last?.metadata.hash as string | undefined) ?? GENESIS_HASH,
    earlier,
  };
}

/**
 * A command that costs something to build (it takes a receipt number, say): built once, only
 * when the stream shows it is not a retry of a command already handled.
 */
export type LazyCommand<C> = () => Promise<C>;

/**
 * The command pipeline: load the stream and fold it, decide, append at the loaded revision.
 * A concurrent change makes it load and decide again (a few times) unless the client pinned
 * `expectedRevision`, which answers a conflict instead. The same command id with the same body
 * appends nothing and answers what the first run answered; with another body it is refused.
 */
export async function handleCommand<S, C extends Message, E extends Message>(
  store: EventStore,
  decider: Decider<S, C, E>,
  stream: string,
  command: C | LazyCommand<C>,
  ctx: CommandContext,
): Promise<CommandResult<S, E>> {
  const commandId = ctx.commandId ?? randomUUID();
  const lazy = typeof command === 'function';
  if (lazy && ctx.requestHash === undefined) throw new Error('A command built lazily needs the request hash to recognise its retries');
  const commandHash = ctx.requestHash ?? sha256Hex(canonicalJson(command));
  let built = lazy ? undefined : command;
  // A stream said to be new is assumed empty until anything says otherwise: a refusal or a no-op
  // decided on that assumption, or an append that finds the stream, make it read the stream.
  let assumeNew = ctx.newStream === true;
  for (let attempt = 1; ; attempt++) {
    const loaded = assumeNew ? nothingYet(decider) : await load(store, decider, stream, commandId);
    if (loaded.earlier) {
      const { events, state } = loaded.earlier;
      if (events[0]!.metadata.commandHash !== commandHash) throw idempotencyKeyReused();
      const last = events[events.length - 1]!;
      return { revision: last.revision, position: last.position, events: events.map((e) => ({ type: e.type, data: e.data }) as E), state, replayed: true };
    }
    if (ctx.expectedRevision !== undefined && ctx.expectedRevision !== loaded.revision) {
      throw revisionConflict(ctx.expectedRevision, loaded.revision < 0n ? 'no_stream' : loaded.revision);
    }
    built ??= await (command as LazyCommand<C>)();
    let events: E[];
    try {
      events = decider.decide(built, loaded.state);
    } catch (error) {
      if (!assumeNew) throw error;
      assumeNew = false;
      continue;
    }
    if (assumeNew && events.length === 0) {
      assumeNew = false;
      continue;
    }
    const state = events.reduce(decider.evolve, loaded.state);
    if (events.length === 0) {
      return { revision: revision(loaded.revision), position: loaded.position, events, state, replayed: false };
    }
    try {
      const toAppend = envelopes(events, stream, loaded.lastHash, ctx, commandId, commandHash);
      const result = await store.appendToStream(stream, toAppend, { expectedRevision: loaded.revision < 0n ? 'no_stream' : revision(loaded.revision) });
      // The same command run twice at once (a terminal's retry racing its first try) derives the
      // same event ids: the store takes the second append for a retry of the first. Its answer is
      // then the first run's, found by loading again — never this run's, which was not recorded.
      if (await recordedByAnotherRun(store, stream, result, toAppend)) continue;
      return { revision: result.nextExpectedRevision, position: result.position, events, state, replayed: false };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      if (assumeNew) {
        assumeNew = false;
        continue;
      }
      if (ctx.expectedRevision !== undefined) throw revisionConflict(ctx.expectedRevision, error.actual);
      if (attempt >= MAX_ATTEMPTS) throw tooMuchContention(stream);
      // Jittered backoff spreads writers that collided so they do not collide again in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** attempt));
    }
  }
}

/** Whether the events the store holds where this append went are another run's (see above). */
async function recordedByAnotherRun(store: EventStore, stream: string, result: AppendResult, appended: readonly EventToAppend[]): Promise<boolean> {
  if (result.alreadyStored !== undefined) return result.alreadyStored;
  const first = result.nextExpectedRevision - BigInt(appended.length) + 1n;
  const stored = await store.readStream(stream, { fromRevision: revision(first), maxCount: appended.length });
  return stored.some((event, i) => event.metadata.hash !== appended[i]!.metadata.hash);
}
