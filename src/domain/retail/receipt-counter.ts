import { assertNever, type Decider, type Message } from '../decider';
import { rejected } from '../errors';

/**
 * One stream per tenant hands out receipt numbers: each issue takes the next numbers, in order,
 * for the sales that asked together, and names those sales. Optimistic concurrency on this stream
 * keeps numbers unique across terminals and processes; naming the sales lets an auditor account
 * for every number, including one whose sale never completed.
 */
export type ReceiptCounterCommand = Message<'IssueReceiptNumbers', { saleIds: string[] }>;
export type ReceiptCounterEvent = Message<'ReceiptNumbersIssued', { first: number; saleIds: string[] }>;
export interface ReceiptCounterState {
  /** The next number to hand out. */
  next: number;
}

export const receiptCounterDecider: Decider<ReceiptCounterState, ReceiptCounterCommand, ReceiptCounterEvent> = {
  initialState: () => ({ next: 1 }),

  decide(command, state) {
    switch (command.type) {
      case 'IssueReceiptNumbers':
        if (command.data.saleIds.length === 0) throw rejected('NO_SALES', 'Receipt numbers are issued for at least one sale');
        return [{ type: 'ReceiptNumbersIssued', data: { first: state.next, saleIds: command.data.saleIds } }];
      default:
        return assertNever(command.type);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ReceiptNumbersIssued':
        return { next: event.data.first + event.data.saleIds.length };
      default:
        return assertNever(event.type);
    }
  },
};
