// Events: the delivery switches (deliver twice, reverse order, delay) shown and set, Firestore
// faults injected and cleared, the events in flight and held, and the recent deliveries.
import { useEffect, useState } from 'preact/hooks';
import { control, errorText, request } from '../api.ts';
import { ErrorBox } from '../error-box.tsx';
import { useLive } from '../live.ts';
import { useLoad, useThrottled } from '../load.ts';
import { TextInput } from '../text-input.tsx';

interface Brief {
  functionName: string;
  eventId: string;
  type: string;
  subject: string | null;
}

interface DeliveryView {
  switches: { deliverTwice: boolean; reverseOrder: boolean; delayMs: number };
  running: Brief[];
  held: Brief[];
  deliveries: {
    functionName: string;
    eventId: string;
    type: string;
    attempt: number;
    outcome: string;
    error?: string;
  }[];
}

const METHODS = [
  'Commit',
  'GetDocument',
  'BatchGetDocuments',
  'RunQuery',
  'RunAggregationQuery',
  'BeginTransaction',
  'ListDocuments',
];

export function Events() {
  const view = useLoad(() => request<DeliveryView>(control('/delivery')), []);
  const refresh = useThrottled(view.reload);
  useLive('delivery', refresh);
  useLive('firestore', refresh);
  useLive('reset', refresh);
  const [delay, setDelay] = useState('0');
  const [failure, setFailure] = useState<string | undefined>();
  const [fault, setFault] = useState({ method: 'Commit', code: '14', count: '1' });
  const [status, setStatus] = useState<string | undefined>();
  const switches = view.data?.switches;
  useEffect(() => {
    if (switches) setDelay(String(switches.delayMs));
  }, [switches?.delayMs]);

  const set = async (change: Partial<DeliveryView['switches']>) => {
    setFailure(undefined);
    try {
      await request(control('/delivery'), { method: 'PUT', body: change });
      view.reload();
    } catch (error) {
      setFailure(errorText(error));
    }
  };
  const inject = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    try {
      const code = Number(fault.code);
      const count = Number(fault.count);
      if (!Number.isInteger(code) || code < 1 || code > 16)
        throw new Error('A gRPC status code is 1 to 16');
      if (!Number.isInteger(count) || count < 1) throw new Error('Count is a whole number from 1');
      await request(control('/faults'), { body: { method: fault.method, code, count } });
      setStatus(
        `The next ${String(count)} ${fault.method} call(s) fail with status ${String(code)}.`,
      );
    } catch (error) {
      setFailure(errorText(error));
    }
  };

  return (
    <>
      <ErrorBox error={view.error ?? failure} />
      <section class="panel" aria-label="Delivery switches">
        <h2>Delivery switches</h2>
        <div class="row">
          <label>
            <input
              type="checkbox"
              checked={switches?.deliverTwice ?? false}
              onChange={(e) => void set({ deliverTwice: e.currentTarget.checked })}
            />{' '}
            deliver every event twice
          </label>
          <label>
            <input
              type="checkbox"
              checked={switches?.reverseOrder ?? false}
              onChange={(e) => void set({ reverseOrder: e.currentTarget.checked })}
            />{' '}
            deliver in reverse order
          </label>
          <form
            class="row"
            onSubmit={(e) => {
              e.preventDefault();
              void set({ delayMs: Number(delay) });
            }}
          >
            <label>
              delay (ms) <TextInput size={6} value={delay} onValue={setDelay} />
            </label>
            <button type="submit">Set delay</button>
          </form>
        </div>
      </section>
      <section class="panel" aria-label="Faults">
        <h2>Firestore faults</h2>
        <form class="row" onSubmit={(e) => void inject(e)}>
          fail the next
          <TextInput
            size={3}
            aria-label="Count"
            value={fault.count}
            onValue={(value) => {
              setFault({ ...fault, count: value });
            }}
          />
          <select
            aria-label="Method"
            value={fault.method}
            onChange={(e) => {
              setFault({ ...fault, method: e.currentTarget.value });
            }}
          >
            {METHODS.map((m) => (
              <option key={m}>{m}</option>
            ))}
          </select>
          calls with gRPC status
          <TextInput
            size={3}
            aria-label="Status code"
            value={fault.code}
            onValue={(value) => {
              setFault({ ...fault, code: value });
            }}
          />
          <button type="submit">Inject</button>
          <button
            type="button"
            onClick={() => {
              void request(control('/faults'), { method: 'DELETE' }).then(() => {
                setStatus('Faults cleared.');
              });
            }}
          >
            Clear faults
          </button>
          <span role="status">{status}</span>
        </form>
      </section>
      <h2>
        In flight ({view.data?.running.length ?? 0}) and held ({view.data?.held.length ?? 0})
      </h2>
      <BriefTable
        rows={[
          ...(view.data?.running ?? []).map((b) => ({ ...b, state: 'running' })),
          ...(view.data?.held ?? []).map((b) => ({ ...b, state: 'held' })),
        ]}
      />
      <h2>Recent deliveries</h2>
      <table aria-label="Deliveries">
        <thead>
          <tr>
            <th>function</th>
            <th>event</th>
            <th>type</th>
            <th>attempt</th>
            <th>outcome</th>
          </tr>
        </thead>
        <tbody>
          {[...(view.data?.deliveries ?? [])]
            .reverse()
            .slice(0, 100)
            .map((d, i) => (
              <tr key={`${d.eventId}-${String(d.attempt)}-${String(i)}`}>
                <td>{d.functionName}</td>
                <td class="mono">{d.eventId}</td>
                <td class="mono">{d.type}</td>
                <td>{d.attempt}</td>
                <td class={d.outcome === 'delivered' ? 'ok' : 'bad'} title={d.error}>
                  {d.outcome}
                </td>
              </tr>
            ))}
        </tbody>
      </table>
    </>
  );
}

function BriefTable({ rows }: { rows: (Brief & { state: string })[] }) {
  if (rows.length === 0) return <p class="muted">Nothing in flight.</p>;
  return (
    <table aria-label="Events in flight">
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.eventId}-${r.functionName}`}>
            <td>{r.state}</td>
            <td>{r.functionName}</td>
            <td class="mono">{r.type}</td>
            <td class="mono">{r.subject}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
