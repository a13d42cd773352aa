// Logs: the functions' structured log lines, streamed live; filtered by function, severity and any
// field (`uid=abc`), with fields pinned as columns. Every filter, pin and line is in the URL
// (#/logs?fn=deviceWatchdog&where=deviceId%3DGDG-DEMO-0101&pin=deviceId&line=12).
import { useEffect, useState } from 'preact/hooks';
import type { LogEntry } from '@gadget/local-cloud';
import { control, request } from '../api.ts';
import { ErrorBox } from '../error-box.tsx';
import { useLive } from '../live.ts';
import { useLoad } from '../load.ts';
import { href, setQuery } from '../route.ts';
import type { Route } from '../route.ts';

const SEVERITIES = ['DEBUG', 'INFO', 'NOTICE', 'WARNING', 'ERROR', 'CRITICAL', 'ALERT'];
const rank = (s: string) => Math.max(SEVERITIES.indexOf(s), 0);
const MAX_SHOWN = 500;

export function useLogs(): { entries: LogEntry[]; error: string | undefined } {
  const initial = useLoad(
    () => request<{ logs: LogEntry[] }>(control('/logs')).then((r) => r.logs),
    [],
  );
  const [fresh, setFresh] = useState<LogEntry[]>([]);
  useLive<LogEntry>('log', (entry) => {
    setFresh((list) => [...list, entry]);
  });
  useLive('reset', () => {
    setFresh([]);
    initial.reload();
  });
  const last = initial.data?.at(-1)?.id ?? 0;
  return {
    entries: [...(initial.data ?? []), ...fresh.filter((e) => e.id > last)],
    error: initial.error,
  };
}

const show = (value: unknown) =>
  value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

export function matchesWhere(entry: LogEntry, where: string): boolean {
  return where
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .every((clause) => {
      const [key = '', ...rest] = clause.split('=');
      const want = rest.join('=');
      const value = key === 'message' ? entry.message : entry.fields[key];
      return rest.length === 0 ? value !== undefined : show(value) === want;
    });
}

export function Logs({ route }: { route: Route }) {
  const { entries, error } = useLogs();
  const fn = route.query.get('fn') ?? '';
  const severity = route.query.get('severity') ?? '';
  const where = route.query.get('where') ?? '';
  const pins = (route.query.get('pin') ?? '').split(',').filter((p) => p !== '');
  const line = Number(route.query.get('line') ?? '0');
  // A pasted link to one line scrolls to it once it has arrived.
  const present = entries.some((e) => e.id === line);
  useEffect(() => {
    if (present)
      document.getElementById(`line-${String(line)}`)?.scrollIntoView({ block: 'center' });
  }, [line, present]);
  const functions = [...new Set(entries.map((e) => e.function ?? '(none)'))].sort();

  const shown = entries
    .filter(
      (e) =>
        (fn === '' || (e.function ?? '(none)') === fn) &&
        (severity === '' || rank(e.severity) >= rank(severity)) &&
        matchesWhere(e, where),
    )
    .slice(-MAX_SHOWN)
    .reverse();

  const pin = (field: string) => {
    setQuery(route, { pin: [...new Set([...pins, field])].join(',') });
  };
  const unpin = (field: string) => {
    setQuery(route, { pin: pins.filter((p) => p !== field).join(',') });
  };

  return (
    <>
      <div class="row" role="search">
        <label>
          function{' '}
          <select
            value={fn}
            onChange={(e) => {
              setQuery(route, { fn: e.currentTarget.value });
            }}
          >
            <option value="">all</option>
            {functions.map((f) => (
              <option key={f}>{f}</option>
            ))}
          </select>
        </label>
        <label>
          at least{' '}
          <select
            value={severity}
            onChange={(e) => {
              setQuery(route, { severity: e.currentTarget.value });
            }}
          >
            <option value="">any severity</option>
            {SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          fields{' '}
          <input
            value={where}
            placeholder="uid=…, deviceId=…, eventId"
            size={36}
            onChange={(e) => {
              setQuery(route, { where: e.currentTarget.value });
            }}
          />
        </label>
        {pins.map((p) => (
          <button
            type="button"
            key={p}
            class="tag"
            onClick={() => {
              unpin(p);
            }}
          >
            {p} ✕
          </button>
        ))}
        <span class="muted">
          {shown.length} lines{entries.length > MAX_SHOWN ? ` (newest ${String(MAX_SHOWN)})` : ''}
        </span>
      </div>
      <ErrorBox error={error} />
      <table aria-label="Log lines">
        <thead>
          <tr>
            <th>time</th>
            <th>function</th>
            <th>severity</th>
            {pins.map((p) => (
              <th key={p}>{p}</th>
            ))}
            <th>message and fields</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((e) => (
            <tr
              key={e.id}
              id={`line-${String(e.id)}`}
              class={e.id === line ? 'selected' : ''}
              data-function={e.function ?? ''}
            >
              <td class="mono">
                <a
                  href={href('logs', [], {
                    ...Object.fromEntries(route.query),
                    line: String(e.id),
                  })}
                >
                  {e.time.slice(11, 23)}
                </a>
              </td>
              <td>{e.function ?? '—'}</td>
              <td
                class={
                  rank(e.severity) >= rank('ERROR')
                    ? 'bad'
                    : rank(e.severity) >= rank('WARNING')
                      ? 'warn'
                      : ''
                }
              >
                {e.severity}
              </td>
              {pins.map((p) => (
                <td key={p} class="mono">
                  {show(e.fields[p])}
                </td>
              ))}
              <td>
                {e.message}{' '}
                {Object.entries(e.fields).map(([k, v]) => (
                  <button
                    type="button"
                    key={k}
                    class="tag mono"
                    title={`Pin ${k} as a column`}
                    onClick={() => {
                      pin(k);
                    }}
                  >
                    {k}={show(v).slice(0, 60)}
                  </button>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
