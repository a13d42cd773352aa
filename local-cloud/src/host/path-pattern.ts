/**
 * Matches a document path against a trigger's pattern as Firestore triggers do: `{name}` matches
 * one segment and captures it, `{name=**}` matches the rest of the path.
 */
export function matchDocumentPattern(pattern: string, path: string): Record<string, string> | null {
  const patternSegments = trimSlashes(pattern).split('/');
  const pathSegments = trimSlashes(path).split('/');
  const params: Record<string, string> = {};
  for (let i = 0; i < patternSegments.length; i++) {
    const expected = patternSegments[i] ?? '';
    const wildcard = /^\{([^}=]+)(=\*\*)?\}$/.exec(expected);
    if (wildcard?.[2] !== undefined) {
      const rest = pathSegments.slice(i);
      if (rest.length === 0) return null;
      params[wildcard[1] ?? ''] = rest.join('/');
      return params;
    }
    const actual = pathSegments[i];
    if (actual === undefined) return null;
    if (wildcard) params[wildcard[1] ?? ''] = actual;
    else if (expected !== actual) return null;
  }
  return patternSegments.length === pathSegments.length ? params : null;
}

function trimSlashes(value: string): string {
  return value.replace(/^\/+|\/+$/g, '');
}
