/**
 * Calls the API's route handlers directly, as Next.js would, for integration
 * tests: every file under app/api/v1 with its methods and path parameters.
 */
import fs from "node:fs";
import path from "node:path";

export type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
export type ApiRoute = { pattern: string; params: string[]; methods: Record<string, RouteHandler> };

const API_DIR = path.join(process.cwd(), "app", "api", "v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

/** Every route file under app/api/v1, found on disk: a new route is covered without being listed. */
export async function loadApiRoutes(): Promise<ApiRoute[]> {
  const files = fs
    .readdirSync(API_DIR, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "route.ts")
    .sort();
  const routes: ApiRoute[] = [];
  for (const file of files) {
    const segments = path.dirname(file).split(path.sep).filter((s) => s !== ".");
    const routeModule = (await import(path.join(API_DIR, file))) as Record<string, unknown>;
    const methods = Object.fromEntries(METHODS.filter((m) => typeof routeModule[m] === "function").map((m) => [m, routeModule[m] as RouteHandler]));
    routes.push({
      pattern: `/api/v1/${segments.join("/")}`,
      params: segments.filter((s) => s.startsWith("[")).map((s) => s.slice(1, -1)),
      methods,
    });
  }
  return routes;
}

export async function callRoute(
  route: ApiRoute,
  method: string,
  {
    params = {},
    query = "",
    headers = {},
    body,
  }: { params?: Record<string, string>; query?: string; headers?: Record<string, string>; body?: BodyInit | null },
): Promise<Response> {
  const pathname = route.pattern.replace(/\[(\w+)\]/g, (_, name: string) => encodeURIComponent(params[name] ?? "missing"));
  const request = new Request(`http://127.0.0.1:3000${pathname}${query}`, {
    method,
    headers: { host: "127.0.0.1:3000", ...headers },
    body: body ?? null,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  // As Next.js: a route without dynamic segments gets no params object.
  return route.methods[method]!(request, { params: Promise.resolve(route.params.length ? params : (undefined as unknown as Record<string, string>)) });
}

export function findRoute(routes: ApiRoute[], pattern: string): ApiRoute {
  const route = routes.find((r) => r.pattern === pattern);
  if (!route) throw new Error(`No API route ${pattern}`);
  return route;
}

/**
 * A fetch that answers from the route handlers, as the browser's would from the
 * server: for code that calls the API by path (lib/api-client.ts).
 */
export function fetchFromRoutes(routes: ApiRoute[], headers: Record<string, string> = {}) {
  return async (input: string, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input, "http://127.0.0.1:3000");
    for (const route of routes) {
      const names: string[] = [];
      const pattern = new RegExp(`^${route.pattern.replace(/\[(\w+)\]/g, (_, name: string) => (names.push(name), "([^/]+)"))}$`);
      const match = pattern.exec(url.pathname);
      if (!match) continue;
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
      const method = init.method ?? "GET";
      if (!route.methods[method]) return Response.json({ error: { code: "not_found", message: "No such method" } }, { status: 405 });
      return callRoute(route, method, { params, query: url.search, headers: { ...headers, ...(init.headers as Record<string, string>) }, body: init.body as BodyInit | null | undefined });
    }
    return Response.json({ error: { code: "not_found", message: "Not found" } }, { status: 404 });
  };
}
