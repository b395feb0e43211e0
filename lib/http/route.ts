import type { z } from 'zod';
import { type Database, type DatabaseHandle, serverDatabase } from '../db';
import { type BodyLimits, parseJsonBody } from './json-body';
import { errorResponse, notFound } from './response';
import type { RouteParam } from './route-param';

/** What a handler is handed: the request, the database, and its body and path id already checked. */
export interface RouteCall<Body, Id> {
  request: Request;
  db: Database;
  /** Which database answers ('pglite' or 'postgres'). */
  storage: DatabaseHandle['kind'];
  body: Body;
  id: Id;
}

export interface RouteOptions<S extends z.ZodType | undefined, Id> extends BodyLimits {
  /** The body's shape; a route without one does not read the body. */
  body?: S;
  /** The dynamic path segment the handler works on. */
  id?: RouteParam<Id>;
}

export type BodyOf<S> = S extends z.ZodType ? z.output<S> : undefined;
export type Handler<S, Id> = (call: RouteCall<BodyOf<S>, Id>) => Promise<Response>;

/** The context the framework calls a route with: the dynamic segments of the path. */
export interface RouteContext {
  params: Promise<Record<string, string>>;
}
export type RouteHandler = (request: Request, context: RouteContext) => Promise<Response>;

/** The database, or the 503 to answer: the reason goes to the server log, not to whoever asked. */
export async function database(): Promise<DatabaseHandle | Response> {
  try {
    return await serverDatabase();
  } catch (error) {
    console.error('Kairos: storage unavailable:', error);
    return errorResponse('storage_unavailable', 'Storage is unavailable; see the server log.');
  }
}

/** The path id, the body and the database, in that order; the first that fails is the answer. */
export async function runHandler<S extends z.ZodType | undefined, Id>(
  options: RouteOptions<S, Id>,
  handler: Handler<S, Id>,
  request: Request,
  context: RouteContext,
  handle?: DatabaseHandle,
): Promise<Response> {
  let id: Id | undefined;
  if (options.id) {
    const raw = (await context.params)[options.id.name];
    id = raw === undefined ? undefined : options.id.read(raw);
    if (id === undefined) return notFound(options.id.entity);
  }
  let body: unknown;
  if (options.body) {
    const parsed = await parseJsonBody(request, options.body, options);
    if (!parsed.ok) return parsed.response;
    body = parsed.data;
  }
  const storage = handle ?? (await database());
  if (storage instanceof Response) return storage;
  // Both checked above: undefined exactly when the route declared no body or no id.
  const call = { request, db: storage.db, storage: storage.kind, body, id } as RouteCall<BodyOf<S>, Id>;
  return handler(call);
}

/**
 * Control flow the framework throws through a handler (a redirect, a dynamic
 * rendering bail-out) carries a string digest; it must reach the framework.
 */
const isFrameworkSignal = (error: unknown) =>
  typeof error === 'object' && error !== null && typeof (error as { digest?: unknown }).digest === 'string';

/** Runs `answer`; anything it throws is logged and answered 500 in the one error shape. */
export async function caught(request: Request, answer: () => Promise<Response>): Promise<Response> {
  try {
    return await answer();
  } catch (error) {
    if (isFrameworkSignal(error)) throw error;
    console.error(`Kairos: ${request.method} ${new URL(request.url).pathname} failed:`, error);
    return errorResponse('internal_error', 'The server failed to answer; see the server log.');
  }
}

/** A route wrapper: options then handler, or the handler alone for a route that needs none. */
export interface RouteWrapper<Extra> {
  (handler: Handler<undefined, undefined>): RouteHandler;
  <S extends z.ZodType | undefined = undefined, Id = undefined>(
    options: RouteOptions<S, Id> & Extra,
    handler: Handler<S, Id>,
  ): RouteHandler;
}

/**
 * What a wrapper does around the handler: `run` checks the path id and the
 * body, then calls it (with the database the guard already opened, if any).
 */
type Guard<Extra> = (
  request: Request,
  options: Partial<Extra>,
  run: (handle?: DatabaseHandle) => Promise<Response>,
) => Promise<Response>;

export function routeWrapper<Extra extends object>(guard: Guard<Extra>): RouteWrapper<Extra> {
  return <S extends z.ZodType | undefined, Id>(
    first: (RouteOptions<S, Id> & Extra) | Handler<S, Id>,
    second?: Handler<S, Id>,
  ): RouteHandler => {
    const [options, handler]: [Partial<Extra> & RouteOptions<S, Id>, Handler<S, Id>] =
      typeof first === 'function' ? [{}, first] : [first, second ?? missingHandler()];
    return (request, context) =>
      guard(request, options, (handle) => runHandler(options, handler, request, context, handle));
  };
}

function missingHandler(): never {
  throw new TypeError('A route wrapper was given options but no handler.');
}
