// Web frameworks as pipelines meet them: a function decorated as an HTTP route (Flask
// `@app.route("/x")`, `@bp.get(...)`, FastAPI `@router.post(...)`) serves one request; it is not a
// pipeline stage, and what it does per request is bounded by that request.

import type { FunctionFact } from '../python/facts';

/** Route decorators of Flask, FastAPI, Starlette, Sanic, aiohttp route tables and Django Ninja (`<app>.get("/path")`). */
const ROUTE_DECORATOR = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*\.(route|get|post|put|patch|delete|head|options|websocket|api_route)\(["'/]/;

/** The function, or a function it is nested in, handles a web request. */
export function isRequestHandler(fn: FunctionFact | null): boolean {
  for (let f = fn; f; f = f.parent) if (f.decorators.some((d) => ROUTE_DECORATOR.test(d))) return true;
  return false;
}
