import { rejected } from '../errors';
import { sumMinor } from '../line-pricing';
import type { PaymentRequest, SalePayment } from './sale-messages';

/**
 * Settles a sale's payments against its total. Card and other payments are charged exactly what
 * they are given, never more than the total together; cash covers the rest and what it exceeds
 * by goes back as change (taken off the last cash handed over). Less than the total is refused.
 */
export function settlePayments(requests: readonly PaymentRequest[], totalMinor: number): { payments: SalePayment[]; changeMinor: number } {
  for (const { amountMinor } of requests) {
    if (!Number.isSafeInteger(amountMinor) || amountMinor < 1) throw rejected('INVALID_AMOUNT', 'A payment is a positive whole number of minor units');
  }
  const nonCash = sumMinor(requests.filter((p) => p.method !== 'CASH').map((p) => p.amountMinor));
  if (nonCash > totalMinor) throw rejected('OVERPAYMENT', `Only ${totalMinor} is due; card and other payments cannot exceed it`);
  const paid = sumMinor(requests.map((p) => p.amountMinor));
  if (paid < totalMinor) throw rejected('UNDERPAID', `The payments cover ${paid} of ${totalMinor}`);
  let change = paid - totalMinor;
  const changeMinor = change;
  const payments: SalePayment[] = [];
  for (let i = requests.length - 1; i >= 0; i--) {
    const { method, amountMinor } = requests[i]!;
    if (method !== 'CASH') {
      payments.unshift({ method, amountMinor, tenderedMinor: null });
      continue;
    }
    const handedBack = Math.min(change, amountMinor);
    change -= handedBack;
    payments.unshift({ method, amountMinor: amountMinor - handedBack, tenderedMinor: amountMinor });
  }
  return { payments, changeMinor };
}
