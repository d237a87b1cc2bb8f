import type { FastifyInstance } from 'fastify';

/** A JSON schema as the OpenAPI document carries it (TypeBox output): only the keywords we read. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** With `{name}` for each path parameter. */
  path: string;
  pathParams: string[];
  query: Record<string, JsonSchema>;
  body?: JsonSchema;
  /** A wallet route: it takes a DPoP proof. */
  wallet: boolean;
}

/**
 * Every route of the OpenAPI document the server serves, which Fastify makes from the route
 * table: a route added to the server is in here without anyone listing it.
 */
export async function routesOf(app: FastifyInstance): Promise<Route[]> {
  const doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
    paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema: JsonSchema }[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
  };
  const routes: Route[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(operations)) {
      const parameters = op.parameters ?? [];
      routes.push({
        method: method.toUpperCase() as Route['method'],
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: Object.fromEntries(parameters.filter((p) => p.in === 'query').map((p) => [p.name, p.schema])),
        body: op.requestBody?.content['application/json']?.schema,
        wallet: parameters.some((p) => p.in === 'header' && p.name === 'dpop'),
      });
    }
  }
  return routes;
}

/** The path with each `{name}` replaced by `value(name)` (which must encode what it gives). */
export const fillPath = (route: Route, value: (name: string) => string) => route.path.replace(/\{(\w+)\}/g, (_m, name: string) => value(name));
