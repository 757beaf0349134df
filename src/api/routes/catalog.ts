import { Router } from 'express';
import { z } from 'zod';
import { addCatalogItem, changeCatalogItem } from '../../commands/catalog';
import { BARCODE_PATTERN, MAX_NAME_LENGTH, MAX_STATION_LENGTH, MAX_TAX_RATE_BPS, SKU_PATTERN } from '../../domain/catalog/catalog-rules';
import { ID_PATTERN } from '../../domain/ids';
import { searchCatalog } from '../../projections/catalog-queries';
import { authenticate, claimsOf, requireRole } from '../authenticate';
import { commandContext } from '../command-context';
import type { ApiDeps } from '../deps';
import { readYourWrites } from '../read-your-writes';
import { parse } from '../validate';

const itemId = z.string().regex(ID_PATTERN, 'must be 1 to 64 letters, digits, underscores or hyphens');
/** `z.int()` takes safe integers only, so money never loses a unit to floating point. */
const fields = {
  name: z.string().trim().min(1).max(MAX_NAME_LENGTH),
  sku: z.string().trim().regex(SKU_PATTERN, 'must be 1 to 64 letters, digits, dots, underscores or hyphens').nullable(),
  barcode: z.string().trim().regex(BARCODE_PATTERN, 'must be 1 to 64 letters or digits').nullable(),
  priceMinor: z.int().min(0),
  taxRateBps: z.int().min(0).max(MAX_TAX_RATE_BPS),
  station: z.string().trim().min(1).max(MAX_STATION_LENGTH).nullable(),
  trackStock: z.boolean(),
  lowStockThreshold: z.int().min(0).nullable(),
};

const newItem = z.object({
  ...fields,
  itemId: itemId.optional(),
  sku: fields.sku.optional(),
  barcode: fields.barcode.optional(),
  station: fields.station.optional(),
  trackStock: fields.trackStock.default(false),
  lowStockThreshold: fields.lowStockThreshold.optional(),
});
const itemChanges = z
  .object(fields)
  .partial()
  .refine((changes) => Object.values(changes).some((v) => v !== undefined), `must set at least one of: ${Object.keys(fields).join(', ')}`);

const itemParams = z.object({ itemId });
const itemQuery = z.object({
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  minPosition: z.string().optional(),
});

const written = (result: { itemId: string; revision: bigint; position: bigint }) => ({
  itemId: result.itemId,
  revision: result.revision.toString(),
  position: result.position.toString(),
});

export function catalogRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.use(authenticate(deps.accessTokens));
  const editors = requireRole('owner', 'manager');

  router.post('/items', editors, async (req, res) => {
    const body = parse(newItem, req.body);
    res.status(201).json(written(await addCatalogItem(deps.store, commandContext(req), body)));
  });

  router.patch('/items/:itemId', editors, async (req, res) => {
    const params = parse(itemParams, req.params);
    const changes = parse(itemChanges, req.body);
    res.json(written(await changeCatalogItem(deps.store, commandContext(req), params.itemId, changes)));
  });

  // Every role reads the catalog: tills, waiters and kitchen displays show items.
  router.get('/items', async (req, res) => {
    const query = parse(itemQuery, req.query);
    await readYourWrites(req, deps.projections, 'catalog');
    res.json(await searchCatalog(deps.readStore, claimsOf(req).tenantId, { q: query.q, limit: query.limit }));
  });

  return router;
}
