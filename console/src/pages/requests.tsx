// Requests: every client request the security rules decided, newest first, filtered by verdict,
// user and path (kept in the URL); each opens to its trace: every allow considered with its place
// and result, the first condition that failed with its line and column, and debug() output. Above
// them, the project served and the requests refused for naming another.
import { useState } from 'preact/hooks';
import type { DecisionView } from '@gadget/local-cloud';
import { control, request } from '../api.ts';
import { ErrorBox } from '../error-box.tsx';
import { useLive } from '../live.ts';
import { useLoad } from '../load.ts';
import { setQuery } from '../route.ts';
import type { Route } from '../route.ts';
import { ServedProject } from './served-project.tsx';

const keyOf = (d: DecisionView) => `${d.time}|${d.method}|${d.path}`;

export function Requests({ route }: { route: Route }) {
  const initial = useLoad(
    () =>
      request<{ evaluations: DecisionView[] }>(control('/rules/evaluations')).then(
        (r) => r.evaluations,
      ),
    [],
  );
  const [fresh, setFresh] = useState<DecisionView[]>([]);
  useLive<DecisionView>('rules', (d) => {
    setFresh((list) => [...list, d]);
  });
  useLive('reset', () => {
    setFresh([]);
    initial.reload();
  });

  const verdict = route.query.get('verdict') ?? '';
  const user = route.query.get('user') ?? '';
  const pathFilter = route.query.get('path') ?? '';
  const open = route.query.get('open') ?? '';
  const seen = new Set<string>();
  const all = [...(initial.data ?? []), ...fresh]
    .filter((d) => {
      const k = keyOf(d);
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .reverse();
  const shown = all.filter(
    (d) =>
      (verdict === '' || (verdict === 'denied') !== d.allowed) &&
      (user === '' || (d.uid ?? 'unauthenticated').includes(user)) &&
      (pathFilter === '' || d.path.includes(pathFilter)),
  );

  return (
    <>
      <ServedProject />
      <div class="row" role="search">
        <label>
          verdict{' '}
          <select
            value={verdict}
            onChange={(e) => {
              setQuery(route, { verdict: e.currentTarget.value });
            }}
          >
            <option value="">all</option>
            <option value="allowed">allowed</option>
            <option value="denied">denied</option>
          </select>
        </label>
        <label>
          user{' '}
          <input
            value={user}
            placeholder="uid"
            onChange={(e) => {
              setQuery(route, { user: e.currentTarget.value });
            }}
          />
        </label>
        <label>
          path{' '}
          <input
            value={pathFilter}
            placeholder="devices/"
            onChange={(e) => {
              setQuery(route, { path: e.currentTarget.value });
            }}
          />
        </label>
        <span class="muted">
          {shown.length} of {all.length}
        </span>
      </div>
      <ErrorBox error={initial.error} />
      <table aria-label="Requests">
        <thead>
          <tr>
            <th>time</th>
            <th>service</th>
            <th>user</th>
            <th>method</th>
            <th>path</th>
            <th>verdict</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((d) => {
            const k = keyOf(d);
            const isOpen = open === k;
            return [
              <tr
                key={k}
                class={isOpen ? 'selected' : ''}
                data-verdict={d.allowed ? 'allowed' : 'denied'}
              >
                <td class="mono">{d.time.slice(11, 23)}</td>
                <td>{d.service.replace('cloud.', '').replace('firebase.', '')}</td>
                <td class="mono">{d.uid ?? 'unauthenticated'}</td>
                <td>{d.method}</td>
                <td class="mono">
                  <button
                    type="button"
                    aria-expanded={isOpen}
                    onClick={() => {
                      setQuery(route, { open: isOpen ? undefined : k });
                    }}
                  >
                    {shortPath(d.path)}
                  </button>
                </td>
                <td class={d.allowed ? 'ok' : 'bad'}>{d.allowed ? 'allowed' : 'denied'}</td>
              </tr>,
              isOpen && (
                <tr key={`${k}-trace`}>
                  <td colSpan={6}>
                    <Trace decision={d} />
                  </td>
                </tr>
              ),
            ];
          })}
        </tbody>
      </table>
    </>
  );
}

function Trace({ decision }: { decision: DecisionView }) {
  return (
    <div class="panel" data-testid="trace">
      <p>{decision.reason}</p>
      {decision.allows.length === 0 && <p class="muted">No allow statement matched this path.</p>}
      <ul>
        {decision.allows.map((a) => (
          <li key={`${String(a.line)}:${String(a.column)}`}>
            <span class="mono">
              line {a.line}:{a.column} allow {a.methods.join(', ')}
            </span>{' '}
            → <strong class={a.result === 'true' ? 'ok' : 'bad'}>{a.result}</strong>
            {a.culprit && (
              <pre data-testid="culprit">
                {`line ${String(a.culprit.line)}:${String(a.culprit.column)}  ${a.culprit.text}\n${a.culprit.detail}`}
              </pre>
            )}
          </li>
        ))}
      </ul>
      {decision.calls.length > 0 && (
        <>
          <h2>get() and exists() calls</h2>
          <ul data-testid="accesses">
            {decision.calls.map((a, i) => (
              <li key={String(i)} class="mono">
                line {a.line}:{a.column} {a.function}({shortPath(a.path)}) →{' '}
                <span class={a.result === 'found' ? 'ok' : 'bad'}>{a.result}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {decision.debug.length > 0 && (
        <>
          <h2>debug()</h2>
          <pre>{decision.debug.join('\n')}</pre>
        </>
      )}
    </div>
  );
}

/** Firestore paths without the `/databases/(default)/documents/` every one of them starts with. */
function shortPath(path: string): string {
  return path.replace(/^\/?databases\/[^/]+\/documents\//, '');
}
