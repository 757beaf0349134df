import { IncomingMessage, ServerResponse, type ServerOptions } from 'node:http';
import type { Socket } from 'node:net';
import type { Express } from 'express';

/**
 * `http.createServer` options whose requests and responses are born with an Express app's
 * prototypes (`app.request`, `app.response`) instead of being given them by the app.
 *
 * Express moves every request and response onto its prototypes with `Object.setPrototypeOf`.
 * In V8 an object moved so gets a map of its own, and every property added to it afterwards
 * (`next`, `baseUrl`, `params`, `body`, `locals`, …) makes another map used by that object alone:
 * each request's objects are then new to every property access that sees them, and each such
 * access misses its inline cache and looks the property up in the runtime. An object already
 * on the prototype Express sets is left as it is (setting the same prototype changes nothing),
 * so its maps are shared by all requests and the caches hold.
 *
 * The server must exist before the app (Socket.IO attaches to it first): `adopt(app)` points
 * the constructors at the app's prototypes once it is made. Until then they build plain ones.
 */
export interface ExpressBornRequests {
  options: ServerOptions;
  adopt(app: Express): void;
}

type Constructor = { prototype: object };

export function expressBornRequests(): ExpressBornRequests {
  function AppRequest(this: IncomingMessage, socket: Socket): void {
    IncomingMessage.call(this, socket);
  }
  function AppResponse(this: ServerResponse, req: IncomingMessage, options?: unknown): void {
    (ServerResponse as unknown as (this: ServerResponse, req: IncomingMessage, options?: unknown) => void).call(this, req, options);
  }
  (AppRequest as Constructor).prototype = IncomingMessage.prototype;
  (AppResponse as Constructor).prototype = ServerResponse.prototype;
  return {
    options: { IncomingMessage: AppRequest as unknown as typeof IncomingMessage, ServerResponse: AppResponse as unknown as typeof ServerResponse },
    adopt(app) {
      (AppRequest as Constructor).prototype = app.request;
      (AppResponse as Constructor).prototype = app.response;
    },
  };
}
