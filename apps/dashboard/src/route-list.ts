/**
 * Which API routes this server has, from its OpenAPI document, fetched once. Parts of the dashboard that
 * need newer routes (sales over time, gate figures, duplicates) ask first and hide themselves on an
 * older server, instead of firing requests that end in 404s.
 */
let routes: Promise<RegExp[]> | undefined;

function load() {
  routes ??= fetch('/api/v1/openapi.json')
    .then((response) => (response.ok ? response.json() : { paths: {} }))
    .then((document: { paths?: Record<string, unknown> }) =>
      Object.keys(document.paths ?? {}).map((template) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`)),
    )
    .catch(() => {
      routes = undefined;
      return [];
    });
  return routes;
}

export async function routeExists(path: string) {
  const bare = path.split('?')[0]!;
  return (await load()).some((pattern) => pattern.test(bare));
}
