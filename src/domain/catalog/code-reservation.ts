import { assertNever, type Decider, type Message } from '../decider';
import { conflict } from '../errors';

/**
 * One stream per SKU and per barcode of a tenant (`catalogsku-…`, `catalogbarcode-…`) says which
 * item holds it. An item takes its codes here before it shows them, and gives them back after it
 * stops using them, so two items never show the same code: the reservation's own optimistic
 * concurrency decides between two racing requests, as the subdomain registry does for sign-ups.
 */
export type CatalogCodeKind = 'sku' | 'barcode';

export type CodeReservationCommand =
  | Message<'AssignCatalogCode', { kind: CatalogCodeKind; code: string; itemId: string }>
  | Message<'ReleaseCatalogCode', { code: string; itemId: string }>;

export type CodeReservationEvent =
  | Message<'CatalogCodeAssigned', { code: string; itemId: string }>
  | Message<'CatalogCodeReleased', { code: string; itemId: string }>;

export interface CodeReservationState {
  itemId?: string;
}

const TAKEN: Record<CatalogCodeKind, { code: string; label: string }> = {
  sku: { code: 'SKU_TAKEN', label: 'SKU' },
  barcode: { code: 'BARCODE_TAKEN', label: 'barcode' },
};

export const codeReservationDecider: Decider<CodeReservationState, CodeReservationCommand, CodeReservationEvent> = {
  initialState: () => ({}),

  decide(command, state) {
    switch (command.type) {
      case 'AssignCatalogCode': {
        const { kind, code, itemId } = command.data;
        if (state.itemId === itemId) return [];
        if (state.itemId) throw conflict(TAKEN[kind].code, `The ${TAKEN[kind].label} ${code} is already used by the item ${state.itemId}`);
        return [{ type: 'CatalogCodeAssigned', data: { code, itemId } }];
      }
      case 'ReleaseCatalogCode':
        // Only its holder gives a code back; anyone else's release is a no-op, so a late retry cannot free another item's code.
        return state.itemId === command.data.itemId ? [{ type: 'CatalogCodeReleased', data: command.data }] : [];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CatalogCodeAssigned':
        return { itemId: event.data.itemId };
      case 'CatalogCodeReleased':
        return {};
      default:
        return assertNever(event);
    }
  },
};
