// The route table's machinery: a route is a method, a path pattern (`:name` segments become
// decoded params) and one handler. Routes marked `anonymous` run without a token; every other
// route gets the authenticated user or answers 1001 itself, so no handler checks tokens.

import type { Exchange } from './exchange';
import type { User } from './store';
import type { EmulatorWorld } from './world';

export type Method = 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH' | 'HEAD';

export interface AnonymousCall {
  ex: Exchange;
  world: EmulatorWorld;
  /** The pattern's `:name` segments, URI-decoded. */
  params: Record<string, string>;
}

export interface UserCall extends AnonymousCall {
  user: User;
}

type Handler<C> = (call: C) => Promise<void> | void;

export type Route =
  | { method: Method; path: string; anonymous: true; handle: Handler<AnonymousCall> }
  | { method: Method; path: string; anonymous?: false; handle: Handler<UserCall> };

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  if (!route.path.startsWith('/')) throw new Error(`route path must start with /: ${route.path}`);
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { route, regex: new RegExp(`^${source}$`), names };
}

export class Router {
  private readonly compiled: CompiledRoute[];

  /**
   * @param routes tried in order; the first whose method and pattern match answers.
   * @param notFound answers a request no route matches (authenticated first, as the backend does).
   */
  constructor(
    routes: readonly Route[],
    private readonly notFound: Handler<UserCall>,
  ) {
    const seen = new Set<string>();
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) throw new Error(`route defined twice: ${key}`);
      seen.add(key);
    }
    this.compiled = routes.map(compile);
  }

  async dispatch(ex: Exchange, world: EmulatorWorld): Promise<void> {
    const method = ex.req.method ?? 'GET';
    for (const { route, regex, names } of this.compiled) {
      if (route.method !== method) continue;
      const m = regex.exec(ex.path);
      if (!m) continue;
      const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(m[i + 1])]));
      if (route.anonymous) return route.handle({ ex, world, params });
      const user = authenticate(ex, world);
      return user && route.handle({ ex, world, params, user });
    }
    const user = authenticate(ex, world);
    if (user) await this.notFound({ ex, world, params: {}, user });
  }
}

function authenticate(ex: Exchange, world: EmulatorWorld): User | undefined {
  const user = world.store.authenticate(ex.header('authorization'));
  if (!user) ex.codeError(1001);
  return user;
}
