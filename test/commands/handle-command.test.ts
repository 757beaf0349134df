import { handleCommand } from '../../src/commands/handle-command';
import { eventHash, GENESIS_HASH } from '../../src/commands/hash-chain';
import type { CommandContext } from '../../src/commands/command-context';
import { DomainError } from '../../src/domain/errors';
import { tenantDecider } from '../../src/domain/tenant/tenant';
import type { TenantCommand } from '../../src/domain/tenant/tenant-messages';
import { revision } from '../../src/eventstore/types';
import { tempSqliteStore } from '../helpers/temp-store';

const stream = 't_1.tenant-t_1';
const register: TenantCommand = {
  type: 'RegisterTenant',
  data: {
    tenantId: 't_1',
    name: 'Shop',
    subdomain: 'shop',
    businessType: 'RETAIL',
    currency: 'USD',
    timezone: 'UTC',
    taxInclusive: false,
    owner: { userId: 'u_1', email: 'o@example.com', name: 'O', passwordHash: 'h' },
  },
};
const addStaff = (n: number): TenantCommand => ({
  type: 'AddStaffMember',
  data: { userId: `u_s${n}`, email: `s${n}@example.com`, name: `S${n}`, role: 'cashier', passwordHash: 'h', grantedBy: 'owner' },
});
const ctx = (extra: Partial<CommandContext> = {}): CommandContext => ({ tenantId: 't_1', actor: { userId: 'u_1', role: 'owner' }, ...extra });

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('command pipeline', () => {
  let t: ReturnType<typeof tempSqliteStore>;
  beforeEach(() => (t = tempSqliteStore()));
  afterEach(() => t.dispose());

  it('appends the decided events with full metadata and a hash chain', async () => {
    const result = await handleCommand(t.store, tenantDecider, stream, register, ctx({ commandId: 'k1', terminalId: 'pos-1' }));
    expect(result.revision).toBe(1n);
    const events = await t.store.readStream(stream);
    expect(events.map((e) => e.type)).toEqual(['TenantRegistered', 'StaffMemberAdded']);
    expect(events[1]!.position).toBe(result.position);
    let prev = GENESIS_HASH;
    for (const e of events) {
      const { hash, ...rest } = e.metadata;
      expect(rest).toMatchObject({ tenantId: 't_1', actor: { userId: 'u_1', role: 'owner' }, terminalId: 'pos-1', commandId: 'k1', schemaVersion: 1, prevHash: prev });
      expect(hash).toBe(eventHash(prev, e.type, e.data, rest));
      prev = hash as string;
    }
  });

  it('the same command id and body again appends nothing and answers the same', async () => {
    const first = await handleCommand(t.store, tenantDecider, stream, register, ctx({ commandId: 'k1' }));
    const again = await handleCommand(t.store, tenantDecider, stream, register, ctx({ commandId: 'k1' }));
    expect(again.replayed).toBe(true);
    expect([again.revision, again.position]).toEqual([first.revision, first.position]);
    expect(await t.store.readStream(stream)).toHaveLength(2);
  });

  it('the same command id with another body is refused', async () => {
    await handleCommand(t.store, tenantDecider, stream, register, ctx({ commandId: 'k1' }));
    const error = await rejection(handleCommand(t.store, tenantDecider, stream, addStaff(1), ctx({ commandId: 'k1' })));
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('concurrent commands on one stream all land, each decided on the latest state', async () => {
    await handleCommand(t.store, tenantDecider, stream, register, ctx());
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, n) => handleCommand(t.store, tenantDecider, stream, addStaff(n), ctx())));
    const failed = results.filter((r) => r.status === 'rejected');
    // Bounded retries may give up under extreme contention; whatever landed is a legal history.
    for (const r of failed) expect((r as PromiseRejectedResult).reason.code).toBe('CONCURRENCY_CONFLICT');
    const events = await t.store.readStream(stream);
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
    expect(new Set(events.slice(1).map((e) => e.data.email)).size).toBe(events.length - 1);
    expect(events.length).toBe(2 + results.length - failed.length);
  });

  it('same email from two terminals at once: one wins, the other is told it is taken', async () => {
    await handleCommand(t.store, tenantDecider, stream, register, ctx());
    const results = await Promise.allSettled([1, 2].map((terminal) => handleCommand(t.store, tenantDecider, stream, addStaff(7), ctx({ terminalId: `pos-${terminal}` }))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as DomainError).code).toBe('EMAIL_TAKEN');
  });

  it('a client-pinned expected revision answers a conflict instead of retrying', async () => {
    await handleCommand(t.store, tenantDecider, stream, register, ctx());
    const error = await rejection(handleCommand(t.store, tenantDecider, stream, addStaff(1), ctx({ expectedRevision: revision(0) })));
    expect(error.code).toBe('REVISION_CONFLICT');
    expect(error.kind).toBe('conflict');
    const ok = await handleCommand(t.store, tenantDecider, stream, addStaff(1), ctx({ expectedRevision: revision(1) }));
    expect(ok.revision).toBe(2n);
  });

  it('a domain error appends nothing', async () => {
    const error = await rejection(handleCommand(t.store, tenantDecider, stream, addStaff(1), ctx()));
    expect(error.code).toBe('TENANT_NOT_FOUND');
    expect(await t.store.readStream(stream)).toEqual([]);
  });

  it.each([
    ['that says it was a retry', false],
    ['that cannot tell (as EventStoreDB)', true],
  ])('two runs of one keyed command at once, over a store %s: both answer the run that was recorded', async (_, hideRetry) => {
    await handleCommand(t.store, tenantDecider, stream, register, ctx());
    const store = Object.create(t.store) as typeof t.store;
    store.appendToStream = async (...args) => {
      const result = await t.store.appendToStream(...args);
      if (hideRetry) delete result.alreadyStored;
      return result;
    };
    // The same key and request, each run building its command with a value of its own (as a receipt number is).
    let serial = 0;
    const run = () => handleCommand(store, tenantDecider, stream, async () => addStaff(++serial), ctx({ commandId: 'key-1', requestHash: 'same request' }));
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.events).toEqual(b.events);
    expect([a.revision, a.position]).toEqual([b.revision, b.position]);
    expect([a.replayed, b.replayed].sort()).toEqual([false, true]);
    expect((await t.store.readStream(stream)).map((e) => e.type)).toEqual(['TenantRegistered', 'StaffMemberAdded', 'StaffMemberAdded']);
  });

  it('a stream said to be new is not read first; if it exists after all, the command is decided on what it holds', async () => {
    const first = await handleCommand(t.store, tenantDecider, stream, register, ctx({ newStream: true }));
    expect(first.revision).toBe(revision(1));
    const staff = await handleCommand(t.store, tenantDecider, stream, addStaff(1), ctx({ newStream: true }));
    expect(staff.revision).toBe(revision(2));
    expect((await rejection(handleCommand(t.store, tenantDecider, stream, register, ctx({ newStream: true })))).code).toBe('TENANT_EXISTS');
  });
});
