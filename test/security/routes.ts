export interface Route {
  method: string;
  /** As declared, with its parameters (`/api/restaurant/orders/:orderId/status`). */
  path: string;
}

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: string | string[] | RegExp;
}

const joined = (prefix: string, path: string): string => (path === '/' && prefix !== '' ? prefix : `${prefix}${path}`);

function walk(stack: readonly Layer[], prefix: string, found: Route[]): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const method of Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m] && m !== '_all')) {
        for (const path of paths) found.push({ method: method.toUpperCase(), path: joined(prefix, path) });
      }
    } else if (layer.handle.stack) {
      if (typeof layer.rawPath !== 'string' && layer.rawPath !== undefined) throw new Error(`A router mounted at ${String(layer.rawPath)}: teach routes.ts to read it`);
      const mount = layer.rawPath === undefined || layer.rawPath === '/' ? '' : layer.rawPath;
      walk(layer.handle.stack, `${prefix}${mount}`, found);
    }
  }
}

/** Every route (all methods) of an Express 5 app, read from its router stack: a route added later is walked too. */
export function routesOf(app: object): Route[] {
  const found: Route[] = [];
  const router: unknown = Reflect.get(app, 'router');
  const stack: unknown = router && typeof router === 'function' ? Reflect.get(router, 'stack') : undefined;
  if (!Array.isArray(stack)) throw new Error('Not an Express 5 application: no router stack');
  walk(stack as Layer[], '', found);
  return found;
}

export const routeName = (route: Route): string => `${route.method} ${route.path}`;

/** The path with its parameters filled in from `ids` (unknown ones become `{name}-1`). */
export function fillPath(path: string, ids: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(ids[name] ?? `${name}-1`));
}
