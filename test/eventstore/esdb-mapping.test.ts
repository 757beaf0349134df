import { PassThrough } from 'node:stream';
import {
  backoffDelay,
  isAfter,
  isSystemEvent,
  matchesFilter,
  pullFrom,
  toAllPosition,
  toClientExpectedRevision,
  toRecordedEvent,
  type ClientRecordedEvent,
} from '../../src/eventstore/esdb-mapping';
import { position, revision } from '../../src/eventstore/types';

describe('EventStoreDB mapping', () => {
  describe('expected revision', () => {
    it.each([
      ['any', 'any'],
      ['no_stream', 'no_stream'],
      ['stream_exists', 'stream_exists'],
    ] as const)('%s maps to the client constant %s', (ours, theirs) => {
      expect(toClientExpectedRevision(ours)).toBe(theirs);
    });

    it('an exact revision maps to that bigint', () => {
      expect(toClientExpectedRevision(revision(7))).toBe(7n);
    });
  });

  describe('positions', () => {
    it('nothing or 0 reads from the start', () => {
      expect(toAllPosition(undefined)).toBe('start');
      expect(toAllPosition(position(0))).toBe('start');
    });

    it('a position p is the self-committed event at (p, p)', () => {
      expect(toAllPosition(position(1234))).toEqual({ commit: 1234n, prepare: 1234n });
    });

    it('resuming is exclusive: the event at the position itself is not after it', () => {
      expect(isAfter(position(10), position(10))).toBe(false);
      expect(isAfter(position(9), position(10))).toBe(false);
      expect(isAfter(position(11), position(10))).toBe(true);
      expect(isAfter(position(5), undefined)).toBe(true);
      expect(isAfter(position(0), position(0))).toBe(true);
    });
  });

  describe('filters', () => {
    it('system streams and system event types are system events', () => {
      expect(isSystemEvent({ streamId: '$$t_1.order-1', type: '$metadata' })).toBe(true);
      expect(isSystemEvent({ streamId: '$epoch-information', type: 'EpochInformation' })).toBe(true);
      expect(isSystemEvent({ streamId: '$ce-order', type: '$>' })).toBe(true);
      expect(isSystemEvent({ streamId: 't_1.order-1', type: 'OrderPlaced' })).toBe(false);
    });

    it('matches a stream prefix and exact event types', () => {
      const event = { streamId: 't_1.order-1', type: 'OrderPlaced' };
      expect(matchesFilter(event, undefined)).toBe(true);
      expect(matchesFilter(event, { streamPrefix: 't_1.' })).toBe(true);
      expect(matchesFilter(event, { streamPrefix: 't_2.' })).toBe(false);
      expect(matchesFilter(event, { eventTypes: ['OrderPlaced', 'OrderPaid'] })).toBe(true);
      // The server filters types by prefix; the exact check happens here.
      expect(matchesFilter(event, { eventTypes: ['Order'] })).toBe(false);
      expect(matchesFilter(event, { streamPrefix: 't_1.', eventTypes: ['OrderPaid'] })).toBe(false);
      expect(matchesFilter(event, { eventTypes: [] })).toBe(true);
    });
  });

  describe('recorded events', () => {
    const stored: ClientRecordedEvent = {
      streamId: 't_1.order-1',
      id: '0b5e9d1e-4f7c-4a40-9d0c-6f2d6f0a1b2c',
      revision: 3n,
      type: 'OrderPlaced',
      created: new Date('2024-05-01T10:20:30.456Z'),
      data: { total: 1250 },
      metadata: { tenantId: 't_1' },
      position: { commit: 9876n, prepare: 9876n },
    };

    it('carries revision, commit position, created as ISO and JSON data', () => {
      expect(toRecordedEvent(stored)).toEqual({
        id: stored.id,
        stream: 't_1.order-1',
        revision: 3n,
        position: 9876n,
        type: 'OrderPlaced',
        data: { total: 1250 },
        metadata: { tenantId: 't_1' },
        created: '2024-05-01T10:20:30.456Z',
      });
    });

    it('uses the read commit position when the event has none (servers before 22.6)', () => {
      expect(toRecordedEvent({ ...stored, position: undefined }, 42n).position).toBe(42n);
    });

    it('reads missing or non-object metadata as an empty object', () => {
      expect(toRecordedEvent({ ...stored, metadata: undefined }).metadata).toEqual({});
      expect(toRecordedEvent({ ...stored, metadata: new Uint8Array([1]) }).metadata).toEqual({});
    });
  });

  describe('backoff', () => {
    it('doubles from 100 ms up to 5 s, jittered within the upper half', () => {
      expect(backoffDelay(0, () => 0)).toBe(50);
      expect(backoffDelay(0, () => 1)).toBe(100);
      expect(backoffDelay(3, () => 1)).toBe(800);
      expect(backoffDelay(6, () => 1)).toBe(5000);
      expect(backoffDelay(60, () => 0)).toBe(2500);
    });
  });

  describe('pullFrom', () => {
    it('hands out items one by one, then undefined at the end', async () => {
      const stream = new PassThrough({ objectMode: true });
      const next = pullFrom<number>(stream);
      stream.write(1);
      stream.write(2);
      stream.end();
      expect(await next()).toBe(1);
      expect(await next()).toBe(2);
      expect(await next()).toBeUndefined();
    });

    it('waits for an item that is not there yet', async () => {
      const stream = new PassThrough({ objectMode: true });
      const next = pullFrom<string>(stream);
      const pending = next();
      setTimeout(() => stream.write('late'), 5);
      expect(await pending).toBe('late');
    });

    it('survives an error emitted before the first pull, and delivers buffered items first', async () => {
      const stream = new PassThrough({ objectMode: true });
      const next = pullFrom<string>(stream);
      stream.write('buffered');
      stream.emit('error', new Error('unavailable'));
      expect(await next()).toBe('buffered');
      await expect(next()).rejects.toThrow('unavailable');
    });

    it('ends when the stream is destroyed', async () => {
      const stream = new PassThrough({ objectMode: true });
      const next = pullFrom<string>(stream);
      const pending = next();
      stream.destroy();
      expect(await pending).toBeUndefined();
    });
  });
});
