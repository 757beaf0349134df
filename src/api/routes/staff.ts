import { Router } from 'express';
import { z } from 'zod';
import { addStaffMember, listStaff } from '../../commands/staff';
import { authenticate, claimsOf, requireRole } from '../authenticate';
import { commandContext } from '../command-context';
import type { ApiDeps } from '../deps';
import { email, password, personName, role } from '../schemas';
import { parse } from '../validate';

const newStaff = z.object({ email, password, name: personName, role });

export function staffRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.use(authenticate(deps.accessTokens), requireRole('owner', 'manager'));
  router.post('/', async (req, res) => {
    const body = parse(newStaff, req.body);
    const added = await addStaffMember(deps.store, commandContext(req), body);
    res.status(201).json({ userId: added.userId, revision: added.revision.toString(), position: added.position.toString() });
  });
  router.get('/', async (req, res) => {
    res.json(await listStaff(deps.store, claimsOf(req).tenantId));
  });
  return router;
}
