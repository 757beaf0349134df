import { catalogProjection } from './catalog-items';
import type { Projection } from './projection';

/** Every read model the system keeps, by name. */
export const allProjections: readonly Projection[] = [catalogProjection];
