// Devices: the virtual devices that programs running simulated ones report to the control API
// (PUT /virtual-devices/{source}), a table per source: label, id, the last request (time, status,
// latency) and every state field as a column, shown as given. Live on the `virtual-devices` event.
// One source and a filter have a URL (#/devices/{source}?q=…).
import { control, request } from '../api.ts';
import { ErrorBox } from '../error-box.tsx';
import { useLive } from '../live.ts';
import { useLoad, useThrottled } from '../load.ts';
import { href, setQuery } from '../route.ts';
import type { Route } from '../route.ts';
import { TextInput } from '../text-input.tsx';

type Value = string | number | boolean | null;

interface Device {
  readonly id: string;
  readonly label: string;
  readonly lastRequest: { at: string; status: number; latencyMs: number } | null;
  readonly state: Readonly<Record<string, Value>>;
}

interface Source {
  readonly source: string;
  readonly updatedAt: string;
  readonly devices: readonly Device[];
}

export function VirtualDevices({ route }: { route: Route }) {
  const view = useLoad(
    () => request<{ sources: Source[] }>(control('/virtual-devices')).then((r) => r.sources),
    [],
  );
  const refresh = useThrottled(view.reload);
  useLive('virtual-devices', refresh);
  useLive('reset', refresh);
  const only = route.path[0];
  const filter = route.query.get('q') ?? '';
  const sources = (view.data ?? []).filter((s) => only === undefined || s.source === only);

  return (
    <>
      <div class="row" role="search">
        {only !== undefined && <a href={href(route.page)}>All sources</a>}
        <label>
          label or id{' '}
          <TextInput
            value={filter}
            placeholder="filter"
            onValue={(value) => {
              setQuery(route, { q: value });
            }}
          />
        </label>
      </div>
      <ErrorBox error={view.error} />
      {view.data !== undefined && sources.length === 0 && (
        <p class="muted">
          {only === undefined
            ? 'No virtual devices: a program reports its own with PUT /virtual-devices/{source} on the control API.'
            : `No source ${only}.`}
        </p>
      )}
      {sources.map((s) => (
        <SourceTable key={s.source} source={s} filter={filter.toLowerCase()} />
      ))}
    </>
  );
}

function SourceTable({ source, filter }: { source: Source; filter: string }) {
  const shown = source.devices.filter(
    (d) => d.label.toLowerCase().includes(filter) || d.id.toLowerCase().includes(filter),
  );
  // Every state field any device has, in the order they first appear.
  const fields = [...new Set(source.devices.flatMap((d) => Object.keys(d.state)))];
  return (
    <section aria-label={`Source ${source.source}`} data-source={source.source}>
      <h2>
        <a href={href('devices', [source.source])}>{source.source}</a>{' '}
        <span class="muted">
          {shown.length === source.devices.length
            ? `${String(source.devices.length)} devices`
            : `${String(shown.length)} of ${String(source.devices.length)} devices`}
          , updated {source.updatedAt.slice(11, 19)}
        </span>
      </h2>
      <div class="scroll" tabIndex={0}>
        <table aria-label={`${source.source} devices`}>
          <thead>
            <tr>
              <th>label</th>
              <th>id</th>
              <th>last request</th>
              <th>status</th>
              <th>latency</th>
              {fields.map((f) => (
                <th key={f}>{f}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((d) => (
              <tr key={d.id} data-device={d.id}>
                <td>{d.label}</td>
                <td class="mono">{d.id}</td>
                <LastRequest last={d.lastRequest} />
                {fields.map((f) => (
                  <StateCell key={f} field={f} value={d.state[f]} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function LastRequest({ last }: { last: Device['lastRequest'] }) {
  if (last === null) {
    return (
      <>
        <td class="muted">none yet</td>
        <td />
        <td />
      </>
    );
  }
  const answered = last.status >= 200 && last.status < 300;
  return (
    <>
      <td class="mono" title={last.at}>
        {last.at.slice(11, 23)}
      </td>
      <td class={answered ? 'ok' : 'bad'} data-field="status">
        {last.status === 0 ? 'no answer' : last.status}
      </td>
      <td class="mono">{Math.round(last.latencyMs)} ms</td>
    </>
  );
}

function StateCell({ field, value }: { field: string; value: Value | undefined }) {
  if (value === undefined) return <td data-field={field} />;
  return (
    <td data-field={field} class={value === null ? 'muted mono' : 'mono'}>
      {String(value)}
    </td>
  );
}
