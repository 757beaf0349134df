import { assertNever, type Decider, type Message } from '../decider';
import { conflict, rejected } from '../errors';
import { requireRole, type Role } from '../tenant/role';
import { isCalendarDate } from '../time-zone';

export interface Closer {
  userId: string;
  role: Role | 'system';
}

/**
 * One stream per tenant (`businessdays-…`) records the closed days. Closing a day (the Z report)
 * is a command and an event; days close in order, each with the next Z number, and a closed day
 * never reopens: whatever happens after its close counts in the next day.
 */
export type BusinessDaysCommand = Message<'CloseBusinessDay', { date: string; openDay: string; closedBy: Closer; at: string }>;
export type BusinessDaysEvent = Message<'BusinessDayClosed', { date: string; zNumber: number; closedBy: Closer; closedAt: string }>;

export interface BusinessDaysState {
  lastClosed: string | null;
  zCount: number;
}

const CLOSERS: readonly Role[] = ['manager', 'owner'];

export const businessDaysDecider: Decider<BusinessDaysState, BusinessDaysCommand, BusinessDaysEvent> = {
  initialState: () => ({ lastClosed: null, zCount: 0 }),

  decide(command, state) {
    switch (command.type) {
      case 'CloseBusinessDay': {
        const { date, openDay, closedBy, at } = command.data;
        // The scheduled close runs as the system; people need to be managers or owners.
        if (closedBy.role !== 'system') requireRole({ role: closedBy.role }, CLOSERS);
        if (!isCalendarDate(date)) throw rejected('INVALID_DATE', `${date} is not a date (YYYY-MM-DD)`);
        if (state.lastClosed !== null && date <= state.lastClosed) throw conflict('DAY_ALREADY_CLOSED', `Business days up to ${state.lastClosed} are closed`);
        if (date > openDay) throw rejected('DAY_NOT_STARTED', `The business day ${date} has not started yet (the open day is ${openDay})`);
        return [{ type: 'BusinessDayClosed', data: { date, zNumber: state.zCount + 1, closedBy, closedAt: at } }];
      }
      default:
        return assertNever(command.type);
    }
  },

  evolve(_state, event) {
    switch (event.type) {
      case 'BusinessDayClosed':
        return { lastClosed: event.data.date, zCount: event.data.zNumber };
      default:
        return assertNever(event.type);
    }
  },
};
