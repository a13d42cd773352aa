// Firmware: each model's signed releases, the staged rollouts with their gates and the operator's
// Pause, Resume and Abort, and each gadget's update, in that order (a release is rolled out to
// gadgets). Live on `firestore` events under `models/`,
// `rollouts/` and `devices/{id}/ota/`; the gadget table and the live counts are taken at
// most once a second, so a fleet updating at once does not turn into a request per write.
import { useState } from 'preact/hooks';
import { ErrorBox } from '../error-box.tsx';
import { listDocuments, runQuery } from '../firestore/rest.ts';
import { useLive } from '../live.ts';
import { useLoad, useThrottled } from '../load.ts';
import type { Route } from '../route.ts';
import { RolloutPanel, STATE_CLASSES } from './firmware-rollout.tsx';
import type { OtaSample } from './firmware-rollout.tsx';
import { GadgetUpdates } from './firmware-updates.tsx';
import {
  formatBytes,
  modelOf,
  otaOf,
  releaseOf,
  releasesByModel,
  rolloutOf,
  shortSha,
  when,
} from './firmware-data.ts';
import type { ModelReleases } from './firmware-data.ts';

/** How many `ota` documents the gadget table reads (a collection-group query, name order). */
const OTA_LIMIT = 500;
const RELEASE_LIMIT = 500;

export function Firmware({ route }: { route: Route }) {
  const releases = useLoad(
    () =>
      Promise.all([
        listDocuments(['models']),
        runQuery(['releases'], [], [], RELEASE_LIMIT, true),
      ]).then(([models, found]) =>
        releasesByModel(
          models.map(modelOf),
          found.flatMap((d) => releaseOf(d) ?? []),
        ),
      ),
    [],
  );
  const rollouts = useLoad(
    () =>
      listDocuments(['rollouts']).then((docs) =>
        docs
          .filter((d) => d.fields !== undefined)
          .map(rolloutOf)
          .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '')),
      ),
    [],
  );
  const otas = useLoad(
    () =>
      runQuery(['ota'], [], [], OTA_LIMIT, true).then((docs): OtaSample => ({
        otas: docs.flatMap((d) => otaOf(d) ?? []),
        full: docs.length >= OTA_LIMIT,
      })),
    [],
  );
  const [tick, setTick] = useState(0);
  const refresh = {
    releases: useThrottled(releases.reload),
    rollouts: useThrottled(rollouts.reload),
    otas: useThrottled(() => {
      otas.reload();
      setTick((t) => t + 1);
    }, 1_000),
  };
  useLive<{ path: string }>('firestore', ({ path }) => {
    const [root, , sub] = path.split('/');
    if (root === 'models') refresh.releases();
    else if (root === 'rollouts') refresh.rollouts();
    else if (root === 'devices' && sub === 'ota') refresh.otas();
  });
  useLive('reset', () => {
    for (const run of Object.values(refresh)) run();
  });

  const shownRollouts = rollouts.data ?? [];
  return (
    <>
      <h2>Releases</h2>
      <ErrorBox error={releases.error} />
      {releases.data?.length === 0 && (
        <p class="muted">
          No releases: <code>npm run firmware:release</code> publishes one.
        </p>
      )}
      {(releases.data ?? []).map((m) => (
        <ModelTable key={m.model.id} entry={m} />
      ))}
      <h2>Rollouts</h2>
      <ErrorBox error={rollouts.error} />
      {rollouts.data?.length === 0 && (
        <p class="muted">
          No rollouts: <code>npm run firmware:rollout</code> starts one.
        </p>
      )}
      {shownRollouts.map((r) => (
        <RolloutPanel
          key={r.id}
          route={route}
          rollout={r}
          sample={otas.data}
          tick={tick}
          onWritten={rollouts.reload}
        />
      ))}
      <h2>Gadget updates</h2>
      <ErrorBox error={otas.error} />
      <GadgetUpdates
        route={route}
        sample={otas.data}
        limit={OTA_LIMIT}
        rolloutIds={shownRollouts.map((r) => r.id)}
      />
    </>
  );
}

function ModelTable({ entry }: { entry: ModelReleases }) {
  const { model, releases } = entry;
  return (
    <section aria-label={`Model ${model.id}`} data-model={model.id}>
      <h3>
        {model.id}{' '}
        <span class="muted">
          latest {model.latestFirmware ?? '—'}
          {model.rollout === null ? ', no rollout' : ', rolling out '}
        </span>
        {model.rollout !== null && (
          <span class={`tag ${STATE_CLASSES[model.rollout.state] ?? ''}`}>
            {model.rollout.id}: {model.rollout.state}, {model.rollout.percent}%
          </span>
        )}
      </h3>
      <div class="scroll" tabIndex={0}>
        <table aria-label={`${model.id} releases`}>
          <thead>
            <tr>
              <th>version</th>
              <th>size</th>
              <th>sha256</th>
              <th>delta</th>
              <th>min from</th>
              <th>anti-rollback</th>
              <th>released</th>
              <th>revoked</th>
            </tr>
          </thead>
          <tbody>
            {releases.map((r) => (
              <tr
                key={r.version}
                data-release={r.version}
                class={r.revokedAt === null ? undefined : 'muted'}
              >
                <td class="mono">
                  {r.version}
                  {r.version === model.latestFirmware && (
                    <>
                      {' '}
                      <span class="tag ok">latest</span>
                    </>
                  )}
                </td>
                <td>{formatBytes(r.size)}</td>
                <td class="mono" title={r.sha256}>
                  {shortSha(r.sha256)}
                </td>
                <td class="mono">
                  {r.delta === null
                    ? '—'
                    : `from ${r.delta.fromVersion}, ${formatBytes(r.delta.size)}`}
                </td>
                <td class="mono">{r.minFromVersion ?? '—'}</td>
                <td>{r.antiRollback ?? '—'}</td>
                <td class="mono">{when(r.releasedAt)}</td>
                <td class={r.revokedAt === null ? 'muted' : 'bad'} data-field="revoked">
                  {r.revokedAt === null ? 'no' : when(r.revokedAt)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {releases.length === 0 && <p class="muted">No releases of {model.id}.</p>}
    </section>
  );
}
