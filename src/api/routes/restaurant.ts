import { Router } from 'express';
import { z } from 'zod';
import { addOrderItems, advanceOrderStatus, cancelOrder, placeOrder, recordPayment, voidOrderItem } from '../../commands/restaurant-orders';
import { ID_PATTERN } from '../../domain/ids';
import { ORDER_STATUSES, PAYMENT_METHODS, type OrderEvent, type OrderState } from '../../domain/restaurant/order-messages';
import { revision } from '../../eventstore/types';
import { findOrder, kitchenQueue, openOrders } from '../../projections/restaurant-queries';
import { authenticate, claimsOf } from '../authenticate';
import { commandContext } from '../command-context';
import type { ApiDeps } from '../deps';
import { HttpProblem } from '../problem';
import { readYourWrites } from '../read-your-writes';
import { parse } from '../validate';
import { withFields } from '../../domain/with-fields';

const id = z.string().regex(ID_PATTERN, 'must be 1 to 64 letters, digits, underscores or hyphens');
const note = z.string().trim().max(200).nullable().optional();
const lines = z
  .array(z.object({ itemId: id, quantity: z.int().min(1).max(999), note }))
  .min(1, 'must list at least one item')
  .max(100);
const reason = z.object({ reason: z.string().trim().min(1).max(200) });
const money = z.int().min(1).max(Number.MAX_SAFE_INTEGER);

const newOrder = z.object({ orderId: id.optional(), table: z.string().trim().min(1).max(40).nullable().optional(), note, items: lines });
const statusChange = z.object({ status: z.enum(ORDER_STATUSES), expectedRevision: z.string().regex(/^\d{1,19}$/, 'must be a revision (a decimal string)').optional() });
const payment = z.object({ method: z.enum(PAYMENT_METHODS), amountMinor: money, tenderedMinor: money.optional() });
const orderParams = z.object({ orderId: id });
const lineParams = orderParams.extend({ lineId: id });
const moreItems = z.object({ items: lines });
const ordersQuery = z.object({ table: z.string().max(40).optional(), minPosition: z.string().optional() });
const queueQuery = z.object({ station: z.string().trim().min(1).max(40).optional(), minPosition: z.string().optional() });

const written = (result: { revision: bigint; position: bigint; state: OrderState }) => ({
  orderId: result.state.orderId!,
  status: result.state.status!,
  totalMinor: result.state.totalMinor,
  paidMinor: result.state.paidMinor,
  revision: result.revision.toString(),
  position: result.position.toString(),
});

const notFound = (orderId: string) => new HttpProblem({ status: 404, title: 'Not found', code: 'ORDER_NOT_FOUND', detail: `No order ${orderId}` });

/** The Restaurant part of API.md. Roles are the order decider's rules; the tenant comes from the token. */
export function restaurantRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.use(authenticate(deps.accessTokens));
  const { store } = deps;

  router.post('/orders', async (req, res) => {
    const body = parse(newOrder, req.body);
    res.status(201).json(written(await placeOrder(store, commandContext(req), body)));
  });

  router.post('/orders/:orderId/items', async (req, res) => {
    const { orderId } = parse(orderParams, req.params);
    const { items } = parse(moreItems, req.body);
    res.json(written(await addOrderItems(store, commandContext(req), orderId, items)));
  });

  router.post('/orders/:orderId/items/:lineId/void', async (req, res) => {
    const { orderId, lineId } = parse(lineParams, req.params);
    res.json(written(await voidOrderItem(store, commandContext(req), orderId, lineId, parse(reason, req.body).reason)));
  });

  router.post('/orders/:orderId/status', async (req, res) => {
    const { orderId } = parse(orderParams, req.params);
    const body = parse(statusChange, req.body);
    const ctx = withFields(commandContext(req), { expectedRevision: body.expectedRevision === undefined ? undefined : revision(BigInt(body.expectedRevision)) });
    res.json(written(await advanceOrderStatus(store, ctx, orderId, body.status)));
  });

  router.post('/orders/:orderId/cancel', async (req, res) => {
    const { orderId } = parse(orderParams, req.params);
    res.json(written(await cancelOrder(store, commandContext(req), orderId, parse(reason, req.body).reason)));
  });

  router.post('/orders/:orderId/payments', async (req, res) => {
    const { orderId } = parse(orderParams, req.params);
    const result = await recordPayment(store, commandContext(req), orderId, parse(payment, req.body));
    const paid = result.events.find((e): e is Extract<OrderEvent, { type: 'PaymentRecorded' }> => e.type === 'PaymentRecorded');
    res.json(withFields(written(result), { dueMinor: Math.max(0, result.state.totalMinor - result.state.paidMinor), changeMinor: paid?.data.changeMinor ?? 0 }));
  });

  router.get('/orders', async (req, res) => {
    const { table } = parse(ordersQuery, req.query);
    await readYourWrites(req, deps.projections, 'restaurant-orders');
    res.json(await openOrders(deps.readStore, claimsOf(req).tenantId, table));
  });

  router.get('/orders/:orderId', async (req, res) => {
    const { orderId } = parse(orderParams, req.params);
    await readYourWrites(req, deps.projections, 'restaurant-orders');
    const order = await findOrder(deps.readStore, claimsOf(req).tenantId, orderId);
    if (!order) throw notFound(orderId);
    res.json(order);
  });

  router.get('/kitchen-queue', async (req, res) => {
    const { station } = parse(queueQuery, req.query);
    await readYourWrites(req, deps.projections, 'kitchen-queue');
    res.json(await kitchenQueue(deps.readStore, claimsOf(req).tenantId, station));
  });

  return router;
}
