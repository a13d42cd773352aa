// A gadget's settings and commands side by side, under any of its channel's documents: each
// setting's desired value (version, who, when, from where), the value the gadget reports and
// whether it is pending, applied, refused or was changed on the gadget; the device's summary; its
// unfinished and recent commands. Each document is fetched again when an event touches it.
import { useLive } from '../live.ts';
import { useLoad, useThrottled } from '../load.ts';
import type { Loaded } from '../load.ts';
import { href } from '../route.ts';
import { ErrorBox } from '../error-box.tsx';
import { getDocument, runQuery } from '../firestore/rest.ts';
import { fromPlain } from '../firestore/values.ts';
import {
  STATE_LABELS,
  SYNC_LABELS,
  UNFINISHED_STATUSES,
  commandOf,
  commandRows,
  controlPaths,
  desiredOf,
  isUnfinished,
  reportedOf,
  settingRows,
  summaryOf,
} from './device-control.ts';
import type { Reported, SettingState, Summary } from './device-control.ts';

/** How many commands "recent" shows, finished ones included (the app's `recentCommands`). */
const RECENT = 20;

export function DeviceControlPanel({ deviceId }: { deviceId: string }) {
  const paths = controlPaths(deviceId);
  const device = useLoad(() => getDocument(paths.device), [deviceId]);
  const desired = useLoad(() => getDocument(paths.desired), [deviceId]);
  const reported = useLoad(() => getDocument(paths.reported), [deviceId]);
  const commands = useLoad(
    () =>
      Promise.all([
        runQuery(
          paths.commands,
          [{ field: 'status', op: 'IN', value: fromPlain([...UNFINISHED_STATUSES]) }],
          [],
          100,
        ),
        runQuery(paths.commands, [], [{ field: 'createdAt', direction: 'DESCENDING' }], RECENT),
      ]).then(([unfinished, recent]) =>
        commandRows(unfinished.map(commandOf), recent.map(commandOf)),
      ),
    [deviceId],
  );

  const refresh = {
    device: useThrottled(device.reload),
    desired: useThrottled(desired.reload),
    reported: useThrottled(reported.reload),
    commands: useThrottled(commands.reload),
  };
  const commandsPrefix = `${paths.commands.join('/')}/`;
  useLive<{ path: string }>('firestore', ({ path }) => {
    if (path === paths.device.join('/')) refresh.device();
    else if (path === paths.desired.join('/')) refresh.desired();
    else if (path === paths.reported.join('/')) refresh.reported();
    else if (path.startsWith(commandsPrefix) && !path.includes('/', commandsPrefix.length))
      refresh.commands();
  });
  useLive('reset', () => {
    for (const run of Object.values(refresh)) run();
  });

  const summary = summaryOf(device.data ?? null);
  const report = reportedOf(reported.data ?? null);
  const rows = settingRows(desiredOf(desired.data ?? null), report, summary);
  const loaded: Loaded<unknown>[] = [device, desired, reported, commands];
  return (
    <section class="panel" aria-label="Gadget control" style={{ marginBottom: '12px' }}>
      <h2>Gadget control</h2>
      {loaded.map((l, i) => (
        <ErrorBox key={i} error={l.error} />
      ))}
      <SummaryRow summary={summary} reported={report} />
      <table aria-label="Settings">
        <thead>
          <tr>
            <th>setting</th>
            <th>
              <a href={href('firestore', paths.desired)}>desired</a>
            </th>
            <th>version</th>
            <th>set by</th>
            <th>via</th>
            <th>set at</th>
            <th>
              <a href={href('firestore', paths.reported)}>reported</a>
            </th>
            <th>state</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.name} data-setting={r.name}>
              <td class="mono">{r.name}</td>
              <td class="mono">{show(r.desired)}</td>
              <td>{r.key ? `v${String(r.key.version)}` : '—'}</td>
              <td>{r.key ? <Who uid={r.key.setBy} /> : '—'}</td>
              <td>{r.key?.via ?? '—'}</td>
              <td class="mono">{when(r.key?.setAt)}</td>
              <td class="mono">{show(r.reported)}</td>
              <td class={STATE_CLASSES[r.state]} data-state={r.state}>
                {STATE_LABELS[r.state]}
                {r.reason === undefined || r.state !== 'refused' ? '' : `: ${r.reason}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <p class="muted">No settings set or reported yet.</p>}
      <h2>
        <a href={href('firestore', paths.commands)}>Commands</a>
      </h2>
      <table aria-label="Commands">
        <thead>
          <tr>
            <th>command</th>
            <th>params</th>
            <th>status</th>
            <th>created by</th>
            <th>created at</th>
            <th>expires at</th>
            <th>finished at</th>
          </tr>
        </thead>
        <tbody>
          {(commands.data ?? []).map((c) => (
            <tr
              key={c.id}
              data-command={c.id}
              class={isUnfinished(c.status) ? 'selected' : undefined}
            >
              <td>
                <a href={href('firestore', [...paths.commands, c.id])}>{c.command}</a>
              </td>
              <td class="mono">{JSON.stringify(c.params)}</td>
              <td class={STATUS_CLASSES[c.status] ?? 'bad'} data-status>
                {c.status}
                {c.result === null ? '' : ` ${JSON.stringify(c.result)}`}
              </td>
              <td>
                <Who uid={c.createdBy} />
              </td>
              <td class="mono">{when(c.createdAt)}</td>
              <td class="mono">{when(c.expiresAt)}</td>
              <td class="mono">{when(c.finishedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {commands.data?.length === 0 && <p class="muted">No commands yet.</p>}
    </section>
  );
}

function SummaryRow({ summary, reported }: { summary: Summary | null; reported: Reported | null }) {
  const until = summary?.watchUntil ?? null;
  const watching = until !== null && Date.parse(until) > Date.now();
  return (
    <>
      <div class="row" data-testid="control-summary">
        {summary === null ? (
          <span class="muted">No control summary on the device yet.</span>
        ) : (
          <>
            <span class="tag">desired v{summary.desiredVersion}</span>
            <span class={`tag ${summary.appliedVersion < summary.desiredVersion ? 'warn' : 'ok'}`}>
              applied v{summary.appliedVersion}
            </span>
            {summary.pendingKeys.length > 0 && (
              <span class="tag warn">pending: {summary.pendingKeys.join(', ')}</span>
            )}
            <span class="tag">
              last sync {when(summary.lastSyncAt)}
              {summary.syncedVia === null
                ? ''
                : ` ${SYNC_LABELS[summary.syncedVia] ?? summary.syncedVia}`}
            </span>
            <span class="tag">unfinished commands: {summary.pendingCommands}</span>
            <span class="tag">
              report interval:{' '}
              {summary.reportIntervalSeconds === null
                ? "the model's default"
                : `${String(summary.reportIntervalSeconds)} s`}
            </span>
            <span class="tag">
              {watching ? 'watched until ' : 'not watched'}
              {watching ? when(until) : ''}
            </span>
          </>
        )}
      </div>
      {reported === null ? (
        <p class="muted">Nothing reported yet.</p>
      ) : (
        <p class="muted">
          reported {when(reported.reportedAt)} {SYNC_LABELS[reported.via] ?? reported.via}
          {reported.relayedBy === null ? '' : ' by '}
          {reported.relayedBy !== null && <Who uid={reported.relayedBy} />}, firmware{' '}
          {reported.firmware ?? '?'}, {reported.verified ? 'verified' : 'unverified'}
          {reported.seq === null ? '' : `, seq ${String(reported.seq)}`}
        </p>
      )}
    </>
  );
}

/** A uid, linked to its Auth user; `gadget` (a change made on the gadget) as it is. */
function Who({ uid }: { uid: string }) {
  return uid === 'gadget' ? <span>gadget</span> : <a href={href('auth', [uid])}>{uid}</a>;
}

const STATE_CLASSES: Record<SettingState, string> = {
  pending: 'warn',
  applied: 'ok',
  refused: 'bad',
  gadget: '',
  differs: 'bad',
  unset: 'muted',
};

const STATUS_CLASSES: Record<string, string> = {
  queued: 'warn',
  sent: 'warn',
  succeeded: 'ok',
  cancelled: 'muted',
};

function show(value: unknown): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A timestamp to the second, as the REST API writes it. */
function when(iso: string | null | undefined): string {
  return iso === null || iso === undefined || iso === '' ? '—' : iso.replace(/\.\d+Z$/, 'Z');
}
