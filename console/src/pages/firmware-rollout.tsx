// One staged rollout: its stage and state, why it stopped, what the evaluator last counted and the
// gates it judges by, its gadgets per OTA state counted now, and the operator's Pause, Resume and
// Abort. Those write the rollout document only, on the condition that it is still the version shown
// (a stale click fails instead of undoing a gate's pause); the backend's trigger does the rest.
import { useState } from 'preact/hooks';
import { errorText } from '../api.ts';
import { ErrorBox } from '../error-box.tsx';
import { patchDocument } from '../firestore/rest.ts';
import { useLoad } from '../load.ts';
import { href } from '../route.ts';
import type { Route } from '../route.ts';
import { liveCounts } from './firmware-counts.ts';
import {
  ACTION_DONE,
  ACTION_LABELS,
  OTA_STATES,
  actionsFor,
  countByState,
  gateInputOf,
  gateStatus,
  stageOf,
  transitionWrite,
  when,
} from './firmware-data.ts';
import type { GateCheck, GateInput, Ota, Rollout, RolloutAction } from './firmware-data.ts';

export const STATE_CLASSES: Record<string, string> = {
  active: 'ok',
  paused: 'warn',
  aborted: 'bad',
};

export interface OtaSample {
  readonly otas: readonly Ota[];
  /** Whether the read stopped at its limit, so that more `ota` documents may exist. */
  readonly full: boolean;
}

export function RolloutPanel({
  route,
  rollout,
  sample,
  tick,
  onWritten,
}: {
  route: Route;
  rollout: Rollout;
  sample: OtaSample | undefined;
  /** Changes whenever `ota` documents changed: the live counts are taken again. */
  tick: number;
  onWritten: () => void;
}) {
  const { id } = rollout;
  // A finished rollout's gadgets are counted on demand: ten aggregations per rollout add up.
  const [asked, setAsked] = useState(false);
  const counting = rollout.state !== 'aborted' || asked;
  const live = useLoad(
    () => (counting ? liveCounts(id) : Promise.resolve(undefined)),
    [id, tick, counting],
  );
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();

  const act = async (action: RolloutAction) => {
    if (
      action === 'abort' &&
      !confirm(`Abort rollout ${id}? Gadgets that have not started installing are withdrawn.`)
    )
      return;
    setBusy(true);
    setStatus(undefined);
    setFailure(undefined);
    const { fields, mask } = transitionWrite(action, new Date());
    try {
      await patchDocument(['rollouts', id], fields, mask, rollout.updateTime);
      setStatus(ACTION_DONE[action]);
    } catch (error) {
      setFailure(
        `${ACTION_LABELS[action]} failed: ${errorText(error)} The rollout is shown again as it is now.`,
      );
    } finally {
      setBusy(false);
      onWritten();
    }
  };

  const stage = stageOf(rollout);
  const exact = live.data?.kind === 'exact' ? live.data : undefined;
  const byState = counting
    ? (exact?.byState ?? (sample ? countByState(sample.otas, id) : undefined))
    : undefined;
  const gateInput: GateInput | undefined = rollout.counts ?? (byState && gateInputOf(byState));

  return (
    <section
      class="panel"
      aria-label={`Rollout ${id}`}
      data-rollout={id}
      style={{ marginBottom: '12px' }}
    >
      <h3>
        <a href={href('firestore', ['rollouts', id])}>{id}</a>{' '}
        <span class="muted">
          {rollout.model} → {rollout.version}
        </span>
      </h3>
      <div class="row">
        <span class={`tag ${STATE_CLASSES[rollout.state] ?? ''}`} data-field="state">
          {rollout.state}
        </span>
        <span class="tag" data-field="stage">
          stage {stage.number} of {stage.of}:{' '}
          {stage.percent === null ? '?' : `${String(stage.percent)}%`} of {rollout.model}
        </span>
        <span class="tag">stage since {when(rollout.stageStartedAt)}</span>
        <span class="muted">stages {rollout.stages.map((s) => `${String(s)}%`).join(' → ')}</span>
        <a href={href(route.page, route.path, { ...Object.fromEntries(route.query), rollout: id })}>
          its gadgets
        </a>
      </div>
      {rollout.reason !== null && (
        <p data-field="reason">
          {rollout.stoppedBy === null ? '' : `Stopped by ${rollout.stoppedBy}: `}
          {rollout.reason}
        </p>
      )}
      <EvaluatorCounts rollout={rollout} />
      {counting ? (
        <LiveTable id={id} byState={byState} exact={exact} sample={sample} />
      ) : (
        <p>
          <button
            type="button"
            aria-label={`Count the gadgets of ${id}`}
            onClick={() => {
              setAsked(true);
            }}
          >
            Count its gadgets
          </button>
        </p>
      )}
      {live.data?.kind === 'refused' && byState !== undefined && (
        <p class="muted" data-testid="count-source">
          Counted from {sample?.full === true ? 'a sample: the first ' : 'all '}
          {sample?.otas.length ?? 0} <code>ota</code> documents read for the table below; the
          aggregation was refused: {live.data.why}
        </p>
      )}
      {rollout.gates !== null && gateInput !== undefined && (
        <Gates
          checks={gateStatus(rollout.gates, gateInput)}
          from={rollout.counts === null ? 'counted now' : `evaluator, ${when(rollout.counts.at)}`}
        />
      )}
      <div class="row" role="group" aria-label={`Actions on ${id}`}>
        {actionsFor(rollout.state).map((action) => (
          <button
            key={action}
            type="button"
            class={action === 'abort' ? 'danger' : undefined}
            aria-label={`${ACTION_LABELS[action]} ${id}`}
            disabled={busy}
            onClick={() => void act(action)}
          >
            {ACTION_LABELS[action]}
          </button>
        ))}
        <span role="status">{status}</span>
      </div>
      <ErrorBox error={failure} />
    </section>
  );
}

function EvaluatorCounts({ rollout }: { rollout: Rollout }) {
  const c = rollout.counts;
  if (c === null) return <p class="muted">The evaluator has not counted this rollout yet.</p>;
  const cells = [c.offered, c.attempts, c.succeeded, c.failed, c.silent];
  return (
    <table aria-label={`${rollout.id} evaluator counts`}>
      <thead>
        <tr>
          <th>counted by the evaluator</th>
          <th>offered</th>
          <th>attempts</th>
          <th>succeeded</th>
          <th>failed</th>
          <th>silent</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td class="mono">{when(c.at)}</td>
          {cells.map((n, i) => (
            <td key={i}>{n}</td>
          ))}
        </tr>
      </tbody>
    </table>
  );
}

function LiveTable({
  id,
  byState,
  exact,
  sample,
}: {
  id: string;
  byState: Record<string, number> | undefined;
  exact: { total: number } | undefined;
  sample: OtaSample | undefined;
}) {
  const states = [...OTA_STATES, ...Object.keys(byState ?? {}).filter((s) => !isKnown(s))];
  const total = exact?.total ?? (byState && Object.values(byState).reduce((sum, n) => sum + n, 0));
  return (
    <div class="scroll" tabIndex={0}>
      <table aria-label={`${id} gadgets per state`}>
        <thead>
          <tr>
            <th>counted now</th>
            <th>all</th>
            {states.map((s) => (
              <th key={s}>{s}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{exact ? 'exact' : sample?.full === true ? 'sample' : 'from the table'}</td>
            <td data-state="all">{total ?? '…'}</td>
            {states.map((s) => (
              <td key={s} data-state={s} class={(byState?.[s] ?? 0) === 0 ? 'muted' : undefined}>
                {byState?.[s] ?? '…'}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

const isKnown = (state: string) => (OTA_STATES as readonly string[]).includes(state);

const GATE_CLASSES: Record<GateCheck['state'], string> = {
  waiting: 'muted',
  holding: 'ok',
  tripped: 'bad',
  unknown: 'muted',
};

function Gates({ checks, from }: { checks: readonly GateCheck[]; from: string }) {
  return (
    <ul aria-label={`Gates (${from})`} class="list">
      {checks.map((c) => (
        <li key={c.gate} data-gate={c.gate}>
          {c.gate === 'failures' ? 'Failure gate' : 'Silence gate'}:{' '}
          <span class={GATE_CLASSES[c.state]} data-gate-state={c.state}>
            {c.state}
          </span>{' '}
          — {c.text} <span class="muted">({from})</span>
        </li>
      ))}
    </ul>
  );
}
