import { assertNever, type Decider, type Message } from '../decider';
import { conflict } from '../errors';

/**
 * One stream per subdomain, outside every tenant: reserving it with `no_stream` makes the
 * subdomain unique across tenants even when two sign-ups race (only one append can create it).
 */
export type SubdomainCommand = Message<'ReserveSubdomain', { subdomain: string; tenantId: string }>;
export type SubdomainEvent = Message<'SubdomainReserved', { subdomain: string; tenantId: string }>;
export interface SubdomainState {
  tenantId?: string;
}

export const subdomainDecider: Decider<SubdomainState, SubdomainCommand, SubdomainEvent> = {
  initialState: () => ({}),
  decide(command, state) {
    switch (command.type) {
      case 'ReserveSubdomain':
        if (state.tenantId) throw conflict('SUBDOMAIN_TAKEN', `The subdomain ${command.data.subdomain} is taken`);
        return [{ type: 'SubdomainReserved', data: command.data }];
      default:
        return assertNever(command.type);
    }
  },
  evolve(state, event) {
    return event.type === 'SubdomainReserved' ? { tenantId: event.data.tenantId } : state;
  },
};
