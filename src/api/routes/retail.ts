import { Router } from 'express';
import { z } from 'zod';
import { cashierLimits, setCashierLimits } from '../../commands/tenant-settings';
import type { ItemRef } from '../../commands/retail-items';
import { returnItems, sellItems } from '../../commands/retail-sales';
import { adjustStock, countStock, receiveStock } from '../../commands/retail-stock';
import { BARCODE_PATTERN, SKU_PATTERN } from '../../domain/catalog/catalog-rules';
import { ID_PATTERN } from '../../domain/ids';
import { PAYMENT_METHODS } from '../../domain/restaurant/order-messages';
import { MAX_SALE_QUANTITY } from '../../domain/retail/sale-lines';
import { MAX_STOCK_QUANTITY } from '../../domain/retail/stock';
import { ADJUSTMENT_REASONS } from '../../domain/retail/stock-messages';
import { MAX_TEXT_LENGTH } from '../../domain/text';
import { findSale, findSaleByReceipt, stockLevel, stockList } from '../../projections/retail-queries';
import { authenticate, claimsOf, requireRole } from '../authenticate';
import { commandContext } from '../command-context';
import type { ApiDeps } from '../deps';
import { HttpProblem } from '../problem';
import { readYourWrites } from '../read-your-writes';
import { parse } from '../validate';

const id = z.string().regex(ID_PATTERN, 'must be 1 to 64 letters, digits, underscores or hyphens');
const money = z.int().min(1).max(Number.MAX_SAFE_INTEGER);
const text = z.string().trim().max(MAX_TEXT_LENGTH);
const approval = z.object({ email: z.string().trim().min(3).max(254), password: z.string().min(1).max(256) }).optional();

/** A scanned line names its item one way: by id, SKU or barcode. */
const scannedLine = z
  .object({
    itemId: id.optional(),
    sku: z.string().trim().regex(SKU_PATTERN, 'must be a SKU (1 to 64 letters, digits, dots, underscores or hyphens)').optional(),
    barcode: z.string().trim().regex(BARCODE_PATTERN, 'must be a barcode (1 to 64 letters or digits)').optional(),
    quantity: z.int().min(1).max(MAX_SALE_QUANTITY),
  })
  .refine((l) => [l.itemId, l.sku, l.barcode].filter((v) => v !== undefined).length === 1, { message: 'must name the item by exactly one of itemId, sku or barcode', path: ['itemId'] })
  .transform(({ itemId, sku, barcode, quantity }): ItemRef & { quantity: number } =>
    itemId !== undefined ? { itemId, quantity } : sku !== undefined ? { sku, quantity } : { barcode: barcode!, quantity },
  );
const newSale = z.object({
  saleId: id.optional(),
  items: z.array(scannedLine).min(1, 'must list at least one item').max(200),
  payments: z.array(z.object({ method: z.enum(PAYMENT_METHODS), amountMinor: money })).max(20),
  approval,
});
const itemLines = (max: number) =>
  z
    .array(z.object({ itemId: id, quantity: z.int().min(1).max(max) }))
    .min(1, 'must list at least one item')
    .max(200);
const newReturn = z.object({ items: itemLines(MAX_SALE_QUANTITY), reason: text.min(1), approval });
const newReceipt = z.object({ items: itemLines(MAX_STOCK_QUANTITY), supplier: text.nullable().optional() });
const newAdjustment = z.object({
  itemId: id,
  delta: z
    .int()
    .min(-MAX_STOCK_QUANTITY)
    .max(MAX_STOCK_QUANTITY)
    .refine((d) => d !== 0, 'must not be 0'),
  reason: z.enum(ADJUSTMENT_REASONS),
  note: text.nullable().optional(),
});
const newCount = z.object({ itemId: id, countedQuantity: z.int().min(0).max(MAX_STOCK_QUANTITY), note: text.nullable().optional() });
const limit = z.int().min(0).max(Number.MAX_SAFE_INTEGER).nullable();
const limits = z.object({ saleLimitMinor: limit, returnLimitMinor: limit });
const saleParams = z.object({ saleId: id });
const itemParams = z.object({ itemId: id });
const salesQuery = z.object({ receiptNo: z.string().regex(/^(R-)?\d{1,15}$/i, 'must be a receipt number such as R-000123 or 123'), minPosition: z.string().optional() });
const stockQuery = z.object({ lowOnly: z.enum(['true', 'false']).default('false'), minPosition: z.string().optional() });

const notFound = (code: string, detail: string) => new HttpProblem({ status: 404, title: 'Not found', code, detail });
const positions = (result: { revision: bigint; position: bigint }) => ({ revision: result.revision.toString(), position: result.position.toString() });

/** The Retail part of API.md. Roles are checked here first and again by the deciders; the tenant comes from the token. */
export function retailRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.use(authenticate(deps.accessTokens));
  const { store, readStore, projections } = deps;
  const tillStaff = requireRole('cashier', 'manager', 'owner');
  const stockKeepers = requireRole('manager', 'owner');

  router.post('/sales', tillStaff, async (req, res) => {
    const body = parse(newSale, req.body);
    const result = await sellItems(store, deps.receipts, commandContext(req), body);
    const sale = result.state.sale!;
    const { saleId, receiptNo, receiptLabel, subtotalMinor, taxMinor, totalMinor, changeMinor } = sale;
    res.status(201).json({ saleId, receiptNo: receiptLabel, receiptSeq: receiptNo, subtotalMinor, taxMinor, totalMinor, changeMinor, ...positions(result) });
  });

  router.post('/sales/:saleId/returns', tillStaff, async (req, res) => {
    const { saleId } = parse(saleParams, req.params);
    const result = await returnItems(store, commandContext(req), saleId, parse(newReturn, req.body));
    const { returnId, refundMinor, taxMinor, lines } = result.returned!;
    res.status(201).json({ returnId, saleId, refundMinor, taxMinor, lines, ...positions(result) });
  });

  router.get('/sales', async (req, res) => {
    const { receiptNo } = parse(salesQuery, req.query);
    await readYourWrites(req, projections, 'retail-sales');
    const sale = await findSaleByReceipt(readStore, claimsOf(req).tenantId, Number(receiptNo.replace(/^R-/i, '')));
    if (!sale) throw notFound('SALE_NOT_FOUND', `No sale with receipt ${receiptNo}`);
    res.json(sale);
  });

  router.get('/sales/:saleId', async (req, res) => {
    const { saleId } = parse(saleParams, req.params);
    await readYourWrites(req, projections, 'retail-sales');
    const sale = await findSale(readStore, claimsOf(req).tenantId, saleId);
    if (!sale) throw notFound('SALE_NOT_FOUND', `No sale ${saleId}`);
    res.json(sale);
  });

  router.post('/stock/receipts', stockKeepers, async (req, res) => {
    const result = await receiveStock(store, commandContext(req), parse(newReceipt, req.body));
    res.status(201).json({ receiptId: result.receiptId, ...positions(result) });
  });

  router.post('/stock/adjustments', stockKeepers, async (req, res) => {
    const result = await adjustStock(store, commandContext(req), parse(newAdjustment, req.body));
    res.status(201).json({ adjustmentId: result.adjustmentId, ...positions(result) });
  });

  // A count sets what was found: the stock read model first catches up with the whole log, so the
  // difference is taken against every movement recorded before the count.
  router.post('/stock/counts', stockKeepers, async (req, res) => {
    const body = parse(newCount, req.body);
    const ctx = commandContext(req);
    const head = await store.headPosition();
    if (!(await projections.whenProcessed('stock-levels', head))) {
      throw new HttpProblem({ status: 503, title: 'Read model behind', code: 'PROJECTION_BEHIND', detail: 'Stock levels are catching up; count again shortly' }, { 'Retry-After': '1' });
    }
    const level = await stockLevel(readStore, ctx.tenantId, body.itemId);
    const result = await countStock(store, ctx, { ...body, onHand: level?.onHand ?? 0, asOfPosition: head.toString() });
    const adjusted = result.events[0]!.data;
    res.status(201).json({ adjustmentId: result.adjustmentId, delta: adjusted.delta, onHand: body.countedQuantity, ...positions(result) });
  });

  router.get('/stock', async (req, res) => {
    const { lowOnly } = parse(stockQuery, req.query);
    await readYourWrites(req, projections, 'stock-levels');
    const { tenantId } = claimsOf(req);
    const [at, levels] = await Promise.all([projections.checkpointOf('stock-levels'), stockList(readStore, tenantId, lowOnly === 'true')]);
    res.json({
      position: at.toString(),
      items: levels.map(({ itemId, sku, name, onHand, lowStockThreshold, low, negative }) => ({ itemId, sku, name, onHand, lowStockThreshold, low, negative })),
    });
  });

  router.get('/stock/:itemId', async (req, res) => {
    const { itemId } = parse(itemParams, req.params);
    await readYourWrites(req, projections, 'stock-levels');
    const level = await stockLevel(readStore, claimsOf(req).tenantId, itemId);
    if (!level) throw notFound('ITEM_NOT_FOUND', `No item ${itemId}`);
    res.json(level);
  });

  router.get('/settings/cashier-limits', requireRole('owner', 'manager', 'auditor'), async (req, res) => {
    res.json(await cashierLimits(store, claimsOf(req).tenantId));
  });

  router.put('/settings/cashier-limits', requireRole('owner'), async (req, res) => {
    const body = parse(limits, req.body);
    const result = await setCashierLimits(store, commandContext(req), body);
    res.json({ ...result.state.cashierLimits, ...positions(result) });
  });

  return router;
}
