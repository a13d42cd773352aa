// Deep links: the whole state a developer would paste into a bug report lives in the hash,
// `#/page/path/segments?filter=value`, so every document, user, file and log line has a URL.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  readonly page: string;
  /** The decoded segments after the page. */
  readonly path: readonly string[];
  readonly query: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const [page = '', ...path] = pathPart.split('/').filter((s) => s !== '');
  return {
    page: page === '' ? 'overview' : page,
    path: path.map(decodeURIComponent),
    query: new URLSearchParams(queryPart),
  };
}

export function href(page: string, path: readonly string[] = [], query?: Record<string, string>) {
  const segments = [page, ...path.map(encodeURIComponent)].join('/');
  const search = query ? new URLSearchParams(query).toString() : '';
  return `#/${segments}${search === '' ? '' : `?${search}`}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => {
      setRoute(parseRoute(location.hash));
    };
    addEventListener('hashchange', update);
    return () => {
      removeEventListener('hashchange', update);
    };
  }, []);
  return route;
}

/** Replaces the query part of the current route (filters), keeping the page and path. */
export function setQuery(route: Route, changes: Record<string, string | undefined>): void {
  const query = new URLSearchParams(route.query);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') query.delete(key);
    else query.set(key, value);
  }
  history.replaceState(null, '', href(route.page, route.path, Object.fromEntries(query)));
  dispatchEvent(new HashChangeEvent('hashchange'));
}
