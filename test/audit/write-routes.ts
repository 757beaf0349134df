export interface RouteEntry {
  method: string;
  /** As declared, with its parameters (`/api/restaurant/orders/:orderId/status`). */
  path: string;
}

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: string | string[] | RegExp;
}

const joined = (prefix: string, path: string): string => (path === '/' && prefix !== '' ? prefix : `${prefix}${path}`);

function walk(stack: readonly Layer[], prefix: string, found: RouteEntry[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const method of Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m] && WRITE_METHODS.has(m))) {
        for (const path of paths) found.push({ method: method.toUpperCase(), path: joined(prefix, path) });
      }
    } else if (layer.handle.stack) {
      // A mounted router: its own layers, under the path it was mounted at.
      if (typeof layer.rawPath !== 'string' && layer.rawPath !== undefined) throw new Error(`A router mounted at ${String(layer.rawPath)}: teach write-routes.ts to read it`);
      const mount = layer.rawPath === undefined || layer.rawPath === '/' ? '' : layer.rawPath;
      walk(layer.handle.stack, `${prefix}${mount}`, found);
    }
  }
}

/** Every POST, PUT, PATCH and DELETE route of an Express app, from its router stack. */
export function writeRoutesOf(app: object): RouteEntry[] {
  const found: RouteEntry[] = [];
  // Read as Express 5 / router 2.x lay their layers out at run time (rawPath, route.methods); the typings lag behind.
  const router: unknown = Reflect.get(app, 'router');
  const stack: unknown = router && typeof router === 'function' ? Reflect.get(router, 'stack') : undefined;
  if (!Array.isArray(stack)) throw new Error('Not an Express 5 application: no router stack');
  walk(stack as Layer[], '', found);
  return found;
}
