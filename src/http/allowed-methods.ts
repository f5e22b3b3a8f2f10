import Router from 'find-my-way';

/** A route as the server registered it (HEAD routes left out: every GET answers HEAD too). */
export interface RegisteredRoute {
  method: string;
  url: string;
}

/**
 * The methods a path answers, for a request whose method it does not (RFC 9110: 405 with an
 * `Allow` header, not 404: the resource exists). Matched by the same router as Fastify's, so a
 * path with parameters (`/v1/devices/:id`) is found as Fastify finds it. `catchAll` routes (the
 * portal's GET `/*`, which answers any path) are left out: they would make every path exist.
 * Built at the first question, when every route has been registered.
 */
export function allowedMethods(routes: readonly RegisteredRoute[], catchAll: readonly string[]) {
  let built: { router: Router.Instance<Router.HTTPVersion.V1>; methods: string[] } | undefined;
  const build = () => {
    const router = Router();
    const seen = new Set<string>();
    for (const { method, url } of routes) {
      const key = `${method} ${url}`;
      if (catchAll.includes(url) || seen.has(key)) continue;
      seen.add(key);
      router.on(method as Router.HTTPMethod, url, () => {});
    }
    return { router, methods: [...new Set(routes.map((r) => r.method))] };
  };
  return (path: string): string[] => {
    const { router, methods } = (built ??= build());
    const allowed = methods.filter((m) => router.find(m as Router.HTTPMethod, path) !== null);
    if (allowed.includes('GET')) allowed.push('HEAD');
    return allowed.sort();
  };
}
