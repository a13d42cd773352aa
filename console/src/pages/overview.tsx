// Overview: the services with their hosts and ports, every function with its trigger and activity,
// and the seed and reset controls.
import { useState } from 'preact/hooks';
import { control, errorText, request } from '../api.ts';
import { ErrorBox } from '../error-box.tsx';
import { useLive } from '../live.ts';
import { useLoad, useThrottled } from '../load.ts';
import { href } from '../route.ts';
import { triggerLabel } from './trigger-label.ts';
import type { FunctionView } from './trigger-label.ts';

interface Service {
  readonly name: string;
  readonly host: string;
  readonly port: number;
}

export function Overview() {
  const services = useLoad(() => request<Record<string, Service>>(control('/emulators')), []);
  const functions = useLoad(
    () => request<{ functions: FunctionView[] }>(control('/functions')).then((r) => r.functions),
    [],
  );
  const refresh = useThrottled(functions.reload);
  useLive('invocation', refresh);
  useLive('reset', refresh);
  const [status, setStatus] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();

  const act = async (what: 'seed' | 'reset') => {
    if (what === 'reset' && !confirm('Empty every backend and the outbox?')) return;
    setFailure(undefined);
    setStatus(what === 'seed' ? 'Seeding…' : 'Resetting…');
    try {
      await request(control(`/${what}`), { method: 'POST' });
      setStatus(what === 'seed' ? 'Seed loaded (only what was missing).' : 'Everything emptied.');
    } catch (error) {
      setStatus(undefined);
      setFailure(errorText(error));
    }
  };

  return (
    <>
      <h2>Services</h2>
      <ErrorBox error={services.error} />
      <table>
        <thead>
          <tr>
            <th>service</th>
            <th>address</th>
          </tr>
        </thead>
        <tbody>
          {Object.values(services.data ?? {}).map((s) => (
            <tr key={s.name}>
              <td>{s.name}</td>
              <td class="mono">
                {s.host}:{s.port}
              </td>
            </tr>
          ))}
          <tr>
            <td>console</td>
            <td class="mono">{location.host}</td>
          </tr>
        </tbody>
      </table>
      <div class="row">
        <button type="button" onClick={() => void act('seed')}>
          Load the seed
        </button>
        <button type="button" class="danger" onClick={() => void act('reset')}>
          Reset everything
        </button>
        <span role="status">{status}</span>
      </div>
      <ErrorBox error={failure} />
      <h2>Functions</h2>
      <ErrorBox error={functions.error} />
      <table>
        <thead>
          <tr>
            <th>function</th>
            <th>trigger</th>
            <th>invocations</th>
            <th>last invocation</th>
            <th>errors</th>
          </tr>
        </thead>
        <tbody>
          {(functions.data ?? []).map((f) => (
            <tr key={f.name} data-function={f.name}>
              <td>
                <a href={href('logs', [], { fn: f.name })}>{f.name}</a>
              </td>
              <td class="mono">{triggerLabel(f.trigger)}</td>
              <td>{f.stats.invocations}</td>
              <td>{f.stats.lastInvocation ?? '—'}</td>
              <td class={f.stats.errors > 0 ? 'bad' : ''} title={f.stats.lastError}>
                {f.stats.errors}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
