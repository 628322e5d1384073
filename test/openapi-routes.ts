import type { App } from '../src/app.js';

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: { enum?: unknown[]; format?: string; type?: string };
}

export interface DocumentedRoute {
  /** As in the document, a wildcard path parameter renamed from `*` to `wildcard`: `/content/{versionId}/{wildcard}`. */
  path: string;
  method: string;
  parameters: Parameter[];
}

/** Every operation of the app's OpenAPI document (`/api/openapi.json`). */
export async function documentedRoutes(app: App, host: string): Promise<DocumentedRoute[]> {
  const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json', headers: { host } })).json() as {
    paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
  };
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({
      path: path.replace('{*}', '{wildcard}'),
      method: method.toUpperCase(),
      parameters: (operation.parameters ?? []).map((p) => (p.name === '*' ? { ...p, name: 'wildcard' } : p)),
    })),
  );
}

/** A value the parameter's schema accepts (URL-encoded). */
export function validValue(parameter: Parameter): string {
  const schema = parameter.schema ?? {};
  if (schema.enum?.length) return encodeURIComponent(String(schema.enum[0]));
  if (schema.format === 'uuid' || /id$/i.test(parameter.name)) return '00000000-0000-4000-8000-000000000000';
  if (schema.type === 'integer' || schema.type === 'number') return '1';
  if (schema.type === 'boolean') return 'true';
  if (schema.format === 'date-time' || schema.format === 'date') return '2030-01-01';
  return 'a';
}

/** A request target for the route: valid values in every path and required query parameter, `values` where given. */
export function targetOf(route: DocumentedRoute, values: Map<Parameter, string> = new Map()): string {
  let url = route.path;
  const query: string[] = [];
  for (const p of route.parameters) {
    const value = values.get(p) ?? validValue(p);
    if (p.in === 'path') url = url.replace(`{${p.name}}`, value);
    else if (p.in === 'query' && (values.has(p) || p.required)) query.push(`${encodeURIComponent(p.name)}=${value}`);
  }
  return query.length > 0 ? `${url}?${query.join('&')}` : url;
}
