// Each gadget's update (`devices/{id}/ota/current`): its state, the version it goes to, how far it
// got, why it failed and who holds the lease on a BLE gadget's update. Filtered by rollout and by
// state from the URL (#/firmware?rollout=…&state=…).
import { href, setQuery } from '../route.ts';
import type { Route } from '../route.ts';
import { OTA_STATES, leaseHolder, when } from './firmware-data.ts';
import type { Ota } from './firmware-data.ts';
import type { OtaSample } from './firmware-rollout.tsx';

const OTA_CLASSES: Record<string, string> = {
  'awaiting-approval': 'muted',
  offered: 'muted',
  downloading: 'warn',
  downloaded: 'warn',
  installing: 'warn',
  succeeded: 'ok',
  failed: 'bad',
  'rolled-back': 'bad',
  withdrawn: 'muted',
};

export function GadgetUpdates({
  route,
  sample,
  limit,
  rolloutIds,
}: {
  route: Route;
  sample: OtaSample | undefined;
  limit: number;
  rolloutIds: readonly string[];
}) {
  const rollout = route.query.get('rollout') ?? '';
  const state = route.query.get('state') ?? '';
  const shown = (sample?.otas ?? []).filter(
    (o) => (rollout === '' || o.rolloutId === rollout) && (state === '' || o.state === state),
  );
  const now = Date.now();
  return (
    <>
      <div class="row" role="search">
        <label for="ota-rollout">rollout</label>
        <select
          id="ota-rollout"
          value={rollout}
          onChange={(e) => {
            setQuery(route, { rollout: e.currentTarget.value });
          }}
        >
          <option value="">all</option>
          {[...new Set([...rolloutIds, ...(rollout === '' ? [] : [rollout])])].map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
        <label for="ota-state">state</label>
        <select
          id="ota-state"
          value={state}
          onChange={(e) => {
            setQuery(route, { state: e.currentTarget.value });
          }}
        >
          <option value="">all</option>
          {OTA_STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
        {sample !== undefined && (
          <span class="muted">
            {shown.length} of {sample.otas.length}
            {sample.full ? ` (the first ${String(limit)}; there may be more)` : ''}
          </span>
        )}
      </div>
      <div class="scroll" tabIndex={0}>
        <table aria-label="Gadget updates">
          <thead>
            <tr>
              <th>device</th>
              <th>model</th>
              <th>state</th>
              <th>version</th>
              <th>rollout</th>
              <th>progress</th>
              <th>error</th>
              <th>lease holder</th>
              <th>failed versions</th>
              <th>via</th>
              <th>state since</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((o) => (
              <Row key={o.deviceId} ota={o} now={now} />
            ))}
          </tbody>
        </table>
      </div>
      {sample !== undefined && shown.length === 0 && (
        <p class="muted">
          {sample.otas.length === 0
            ? 'No gadget has been offered an update yet.'
            : 'No gadget update matches.'}
        </p>
      )}
    </>
  );
}

function Row({ ota, now }: { ota: Ota; now: number }) {
  const lease = leaseHolder(ota.lease, now);
  return (
    <tr data-device={ota.deviceId}>
      <td>
        <a href={href('firestore', ['devices', ota.deviceId, 'ota', 'current'])}>{ota.deviceId}</a>
      </td>
      <td>{ota.model}</td>
      <td class={OTA_CLASSES[ota.state] ?? 'bad'} data-field="state">
        {ota.state}
      </td>
      <td class="mono">
        {ota.fromVersion === null ? '' : `${ota.fromVersion} → `}
        {ota.version}
      </td>
      <td class="mono">{ota.rolloutId}</td>
      <td data-field="progress">{ota.progress === null ? '—' : `${String(ota.progress)}%`}</td>
      <td class={ota.error === null ? 'muted' : 'bad'} data-field="error">
        {ota.error ?? '—'}
      </td>
      <td data-field="lease">
        {lease === null ? (
          <span class="muted">—</span>
        ) : (
          <>
            <a href={href('auth', [lease.uid])}>{lease.uid}</a>{' '}
            <span class="muted">
              {lease.expired ? 'expired ' : 'until '}
              {when(lease.until)}
            </span>
          </>
        )}
      </td>
      <td class="mono">{ota.failedVersions.join(', ')}</td>
      <td>{ota.via ?? '—'}</td>
      <td class="mono">{when(ota.stateChangedAt)}</td>
    </tr>
  );
}
