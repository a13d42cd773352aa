import { describe, expect, it } from 'vitest';
import type { CommandAck, PendingCommand } from '@gadget/shared';
import type { GadgetOptions } from './index.ts';
import { seededRandom } from './index.ts';
import { MAX_ATTEMPTS } from './retry.ts';
import { OK, refusal } from '../test/fake-ingest.ts';
import type { IngestReply, ParsedIngestRequest } from '../test/fake-ingest.ts';
import { wifiGadget as gadgetOnFakeIngest } from '../test/wifi-gadget.ts';

/** This file's gadgets draw from their own seed. */
const wifiGadget = (
  reply: (request: ParsedIngestRequest, index: number) => IngestReply,
  options: Partial<GadgetOptions> = {},
) => gadgetOnFakeIngest(reply, { random: seededRandom(2), ...options });

function command(commandId: string, name: string, params: PendingCommand['params'] = {}) {
  return {
    commandId,
    command: name,
    params,
    expiresAt: new Date(Date.now() + 600_000).toISOString(),
  };
}

/**
 * A backend's commands as `ingest` keeps them: listed on every answer until an ack arrives, an ack
 * settling its command for good. `before` may change the reply (a lost answer, an outage).
 */
function commandBackend(
  queued: ReturnType<typeof command>[],
  before: (index: number) => 'handle-then-lose' | 'down' | undefined = () => undefined,
) {
  const pending = [...queued];
  const acks: CommandAck[] = [];
  const reply = (request: ParsedIngestRequest, index: number): IngestReply => {
    const fate = before(index);
    if (fate === 'down') return refusal(503, 'internal');
    for (const ack of request.acks ?? []) {
      acks.push(ack);
      const at = pending.findIndex((listed) => listed.commandId === ack.commandId);
      if (at >= 0) pending.splice(at, 1);
    }
    return fate === 'handle-then-lose' ? 'network-error' : { answer: { commands: [...pending] } };
  };
  return { reply, pending, acks };
}

describe('ReferenceGadget: commands', () => {
  it('runs each command once across repeated listings and lost answers, and retries its acks until they got through', async () => {
    const backend = commandBackend(
      [command('c1', 'identify'), command('c2', 'calibrate', { metric: 'humidity' })],
      // Request 0's answer is lost (the commands are listed again on the retry); requests 2–6 meet
      // an outage (the acks stay); request 7 delivers the acks but its answer is lost.
      (index) =>
        index === 0 || index === 7
          ? 'handle-then-lose'
          : index >= 2 && index <= 6
            ? 'down'
            : undefined,
    );
    const { gadget, ingest, events } = wifiGadget(backend.reply);

    await gadget.syncOnce(); // requests 0 and 1: run c1 and c2
    expect(gadget.status.commandsRun.map((run) => run.commandId)).toEqual(['c1', 'c2']);
    await gadget.syncOnce(); // requests 2–6: gives up, the acks stay
    expect(gadget.status.pendingAcks).toBe(2);
    await gadget.syncOnce(); // requests 7 and 8: delivered, then again after the lost answer
    await gadget.syncOnce(); // request 9: nothing left to answer

    expect(ingest.exchanges).toHaveLength(3 + MAX_ATTEMPTS + 2);
    const ackedIn = ingest.exchanges.map((exchange) =>
      (exchange.request.acks ?? []).map((ack) => ack.commandId).join(','),
    );
    expect(ackedIn).toEqual(['', '', ...Array<string>(MAX_ATTEMPTS + 2).fill('c1,c2'), '']);
    expect(backend.pending).toEqual([]);
    expect(gadget.status.commandsRun).toEqual([
      { commandId: 'c1', command: 'identify', status: 'succeeded', result: { blinked: 10 } },
      {
        commandId: 'c2',
        command: 'calibrate',
        status: 'succeeded',
        result: { metric: 'humidity', offset: expect.any(Number) as number },
      },
    ]);
    expect(events.filter((event) => event.type === 'command-finished')).toHaveLength(2);
    expect(gadget.status.pendingAcks).toBe(0);
  });

  it('answers a command listed again after its ack went up, without running it again', async () => {
    const identify = command('c1', 'identify', { durationSeconds: 3 });
    const answers = [[identify], [identify], []];
    const { gadget, ingest } = wifiGadget((_request, index) => ({
      answer: { commands: answers[index] ?? [] },
    }));
    await gadget.syncOnce();
    await gadget.syncOnce();
    await gadget.syncOnce();
    await gadget.syncOnce();
    expect(ingest.exchanges.map((exchange) => exchange.request.acks?.length ?? 0)).toEqual([
      0, 1, 1, 0,
    ]);
    expect(gadget.status.commandsRun).toEqual([
      { commandId: 'c1', command: 'identify', status: 'succeeded', result: { blinked: 3 } },
    ]);
  });

  it('rejects what its model or firmware lacks and bad parameters; reboots and comes back', async () => {
    const listed = [
      command('unknown', 'selfDestruct'),
      command('old', 'calibrate', { metric: 'temperature' }),
      command('bad', 'identify', { durationSeconds: 999 }),
      command('boot', 'reboot'),
    ];
    const { gadget, ingest } = wifiGadget(
      (_request, index) => (index === 0 ? { answer: { commands: listed } } : OK),
      { firmware: '1.0.0' },
    );
    await gadget.syncOnce();
    expect(gadget.status.boots).toBe(2);
    await gadget.syncOnce();
    expect(ingest.exchanges[1]?.request.acks).toEqual([
      {
        commandId: 'unknown',
        status: 'rejected',
        result: { reason: 'The thermo-1 has no selfDestruct command.' },
      },
      {
        commandId: 'old',
        status: 'rejected',
        result: { reason: 'calibrate needs firmware 1.1.0; this gadget runs 1.0.0.' },
      },
      {
        commandId: 'bad',
        status: 'rejected',
        result: { reason: expect.stringMatching(/^Bad parameters/) as string },
      },
      { commandId: 'boot', status: 'succeeded' },
    ]);
  });

  it('sends at most 20 acks a call, the rest on the next', async () => {
    const listed = Array.from({ length: 25 }, (_, i) => command(`c${String(i)}`, 'identify'));
    const { gadget, ingest } = wifiGadget((_request, index) => ({
      answer: { commands: index === 0 ? listed : listed.slice(20) },
    }));
    await gadget.syncOnce();
    await gadget.syncOnce();
    await gadget.syncOnce();
    expect(ingest.exchanges.map((exchange) => exchange.request.acks?.length ?? 0)).toEqual([
      0, 20, 5,
    ]);
    expect(gadget.status.commandsRun).toHaveLength(25);
  });
});
