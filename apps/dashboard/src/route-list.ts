/**
 * Which API routes this server has, from its OpenAPI document, fetched once. Parts of the dashboard that
 * need newer routes (sales over time, gate figures, duplicates) ask first and hide themselves on an
 * older server, instead of firing requests that end in 404s.
 */
let routes: Promise<{ pattern: RegExp; methods: string[] }[]> | undefined;

function load() {
  routes ??= fetch('/api/v1/openapi.json')
    .then((response) => (response.ok ? response.json() : { paths: {} }))
    .then((document: { paths?: Record<string, Record<string, unknown>> }) =>
      Object.entries(document.paths ?? {}).map(([template, operations]) => ({
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
        methods: Object.keys(operations),
      })),
    )
    .catch(() => {
      routes = undefined;
      return [];
    });
  return routes;
}

export async function routeExists(path: string, method: 'get' | 'post' = 'get') {
  const bare = path.split('?')[0]!;
  return (await load()).some((route) => route.pattern.test(bare) && route.methods.includes(method));
}
