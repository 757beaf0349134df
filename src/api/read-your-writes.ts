import type { Request } from 'express';
import { z } from 'zod';
import { position } from '../eventstore/types';
import type { ProjectionRunner } from '../projections/projection-runner';
import { HttpProblem } from './problem';

const minPosition = z.object({ minPosition: z.string().regex(/^\d{1,19}$/, 'must be a position (a decimal string)').optional() });

/**
 * DESIGN decision 10: a query given `minPosition` waits (about 2 s at most) until the projection
 * it reads has passed that position, then answers; otherwise 503 with where the projection is.
 */
export async function readYourWrites(req: Request, projections: ProjectionRunner, projection: string): Promise<void> {
  const target = minPosition.parse({ minPosition: req.query.minPosition }).minPosition;
  if (target === undefined) return;
  if (await projections.whenProcessed(projection, position(BigInt(target)))) return;
  const at = await projections.checkpointOf(projection);
  throw new HttpProblem(
    { status: 503, title: 'Read model behind', code: 'PROJECTION_BEHIND', detail: `The ${projection} read model is at position ${at}, not yet ${target}; retry shortly`, position: at.toString() },
    { 'Retry-After': '1', 'X-Projection-Position': at.toString() },
  );
}
