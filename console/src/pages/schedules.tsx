// Schedules: the scheduled functions with their next runs and a "run now" for each, the log lines
// of the runs started here, and the users' Cloud Scheduler jobs (owner, cron, time zone, paused).
import { useState } from 'preact/hooks';
import { control, errorText, request } from '../api.ts';
import { ErrorBox } from '../error-box.tsx';
import { useLive } from '../live.ts';
import { useLoad, useThrottled } from '../load.ts';
import { href } from '../route.ts';
import { useLogs } from './logs.tsx';

interface SchedulesView {
  readonly functions: {
    name: string;
    schedule: string;
    timeZone: string;
    nextRun: string | null;
    stats: { invocations: number; errors: number; lastInvocation?: string };
  }[];
  readonly jobs: {
    name: string;
    description: string | null;
    schedule: string;
    timeZone: string;
    paused: boolean;
    target: string | null;
    body: string | null;
    lastAttemptTime: string | null;
    owner: JobOwner | null;
  }[];
}

interface JobOwner {
  readonly uid: string;
  readonly exists: boolean;
  readonly displayName: string | null;
  readonly email: string | null;
}

export function Schedules() {
  const view = useLoad(() => request<SchedulesView>(control('/schedules')), []);
  const refresh = useThrottled(view.reload);
  useLive('invocation', refresh);
  const [running, setRunning] = useState<string | undefined>();
  const [ran, setRan] = useState<{ name: string; since: string } | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const { entries } = useLogs();

  const runNow = async (name: string) => {
    setFailure(undefined);
    setRunning(name);
    const since = new Date().toISOString();
    setRan({ name, since });
    try {
      await request(control(`/schedules/${encodeURIComponent(name)}:run`), { method: 'POST' });
    } catch (error) {
      setFailure(`${name}: ${errorText(error)}`);
    } finally {
      setRunning(undefined);
      view.reload();
    }
  };

  const lines = ran ? entries.filter((e) => e.function === ran.name && e.time >= ran.since) : [];
  return (
    <>
      <ErrorBox error={view.error ?? failure} />
      <h2>Scheduled functions</h2>
      <table aria-label="Scheduled functions">
        <thead>
          <tr>
            <th>function</th>
            <th>schedule</th>
            <th>next run</th>
            <th>runs</th>
            <th>last run</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(view.data?.functions ?? []).map((f) => (
            <tr key={f.name}>
              <td>{f.name}</td>
              <td class="mono">
                {f.schedule} ({f.timeZone})
              </td>
              <td class="mono">{f.nextRun ?? '—'}</td>
              <td>
                {f.stats.invocations}
                {f.stats.errors > 0 && <span class="bad"> ({f.stats.errors} failed)</span>}
              </td>
              <td class="mono">{f.stats.lastInvocation ?? '—'}</td>
              <td>
                <button
                  type="button"
                  class="primary"
                  disabled={running === f.name}
                  aria-label={`Run ${f.name} now`}
                  onClick={() => void runNow(f.name)}
                >
                  {running === f.name ? 'Running…' : 'Run now'}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {ran && (
        <section class="panel" aria-label={`Log lines of ${ran.name}`}>
          <h2>
            {ran.name}'s log lines since {ran.since.slice(11, 19)}{' '}
            <a href={href('logs', [], { fn: ran.name })}>(all its logs)</a>
          </h2>
          {lines.length === 0 ? (
            <p class="muted">No lines yet.</p>
          ) : (
            <pre data-testid="run-log">
              {lines
                .map(
                  (l) =>
                    `${l.time.slice(11, 23)} ${l.severity} ${l.message} ${JSON.stringify(l.fields)}`,
                )
                .join('\n')}
            </pre>
          )}
        </section>
      )}
      <h2>Cloud Scheduler jobs</h2>
      {(view.data?.jobs.length ?? 0) === 0 ? (
        <p class="muted">No jobs: users create them with their reminders.</p>
      ) : (
        <table aria-label="Cloud Scheduler jobs">
          <thead>
            <tr>
              <th>job</th>
              <th>owner</th>
              <th>cron</th>
              <th>time zone</th>
              <th>state</th>
              <th>last attempt</th>
            </tr>
          </thead>
          <tbody>
            {(view.data?.jobs ?? []).map((j) => (
              <tr key={j.name}>
                <td class="mono" title={j.target ?? ''}>
                  {j.name.split('/').at(-1)}
                  <div class="muted">{j.description}</div>
                </td>
                <td>
                  <Owner owner={j.owner} />
                  <div class="muted mono">{j.body}</div>
                </td>
                <td class="mono">{j.schedule}</td>
                <td>{j.timeZone}</td>
                <td>{j.paused ? 'paused' : 'enabled'}</td>
                <td class="mono">{j.lastAttemptTime ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** The job's owner as an Auth user, linking to the user on the Auth page. */
function Owner({ owner }: { owner: JobOwner | null }) {
  if (owner === null) return <span class="muted">no owner known</span>;
  if (!owner.exists) {
    return (
      <span>
        <code>{owner.uid}</code> <span class="bad">(no such Auth user)</span>
      </span>
    );
  }
  const name = owner.displayName ?? owner.email ?? owner.uid;
  return (
    <a href={href('auth', [owner.uid])} data-owner={owner.uid}>
      {name}
      {owner.email !== null && owner.email !== name ? ` <${owner.email}>` : ''}
    </a>
  );
}
