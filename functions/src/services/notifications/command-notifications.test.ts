import { describe, expect, it } from 'vitest';
import {
  CommandStatusSchema,
  FINAL_COMMAND_STATUSES,
  UNSUCCESSFUL_COMMAND_STATUSES,
} from '@gadget/shared';
import type { CommandDoc, CommandStatus } from '@gadget/shared';
import { commandNewsOf } from './command-notifications.ts';
import { LANGUAGES, wordsFor } from './localisation.ts';

const command = (status: CommandStatus): CommandDoc => ({
  command: 'reboot',
  params: {},
  status,
  createdBy: 'alice',
  createdAt: new Date(0),
  expiresAt: new Date(60_000),
  sentAt: status === 'queued' ? null : new Date(1000),
  finishedAt: FINAL_COMMAND_STATUSES.includes(status) ? new Date(2000) : null,
  result: null,
  idempotencyKey: null,
  expireAt: new Date(60_000 + 30 * 24 * 60 * 60 * 1000),
});

const news = (before: CommandStatus | undefined, after: CommandStatus | undefined) =>
  commandNewsOf(
    'dev1',
    'cmd1',
    before === undefined ? undefined : command(before),
    after === undefined ? undefined : command(after),
  );

describe('commandNewsOf', () => {
  it.each(['failed', 'rejected', 'timed-out', 'expired'] as const)(
    'tells the sender when a command becomes %s, under one id per command',
    (status) => {
      const expected = {
        id: 'command-failed-dev1-cmd1',
        sender: 'alice',
        content: { kind: 'command-failed', command: 'reboot', outcome: status },
      };
      expect(news('sent', status)).toEqual(expected);
      expect(news('queued', status)).toEqual(expected);
      // Written final straight away (refused before it was ever queued): still news.
      expect(news(undefined, status)).toEqual(expected);
    },
  );

  it('covers exactly the unsuccessful statuses', () => {
    const told = CommandStatusSchema.options.filter((status) => news('sent', status) !== null);
    expect(told).toEqual([...UNSUCCESSFUL_COMMAND_STATUSES]);
  });

  it('tells no one of succeeded, cancelled or steps that end nothing', () => {
    expect(news('sent', 'succeeded')).toBeNull();
    expect(news('queued', 'cancelled')).toBeNull();
    expect(news(undefined, 'queued')).toBeNull();
    expect(news('queued', 'sent')).toBeNull();
    expect(news('failed', undefined)).toBeNull();
  });

  it('tells nothing new when the same transition is delivered again', () => {
    const first = news('sent', 'failed');
    expect(news('sent', 'failed')).toEqual(first);
    // A later write to the finished command (its result, finishedAt) is no step.
    expect(news('failed', 'failed')).toBeNull();
  });

  it('tells nothing for an event whose before is already final (out of order or a bad write)', () => {
    for (const final of FINAL_COMMAND_STATUSES) {
      for (const status of UNSUCCESSFUL_COMMAND_STATUSES) {
        expect(news(final, status), `${final} → ${status}`).toBeNull();
      }
    }
  });

  it('words every unsuccessful status for every command in every language', () => {
    for (const language of LANGUAGES) {
      const said = new Set<string>();
      for (const status of UNSUCCESSFUL_COMMAND_STATUSES) {
        const content = news('sent', status)?.content;
        expect(content, status).toBeDefined();
        if (content === undefined) continue;
        const words = wordsFor(content, { deviceName: 'Cellar', language, units: 'metric' });
        expect(`${words.title}\n${words.body}`).not.toMatch(/undefined|null|\$\{/);
        expect(words.title).toContain('Cellar');
        said.add(words.title);
      }
      expect(said.size, language).toBe(UNSUCCESSFUL_COMMAND_STATUSES.length);
    }
  });
});
