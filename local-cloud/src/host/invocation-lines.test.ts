import { describe, expect, it } from 'vitest';
import { invocationLine, OutputTail, terminalLineOf } from './invocation-lines.ts';

const at = new Date(2026, 0, 31, 14, 3, 7, 250).toISOString();

describe('invocationLine', () => {
  it("says a callable's or HTTPS function's status and time", () => {
    expect(
      invocationLine({
        type: 'invoked',
        name: 'claimDevice',
        ok: true,
        status: 404,
        time: at,
        durationMs: 37.6,
      }),
    ).toBe('14:03:07 claimDevice 404 (38 ms)');
  });

  it("says an event function's outcome, with the first line of why it failed", () => {
    expect(
      invocationLine({
        type: 'invoked',
        name: 'onDeviceWritten',
        ok: true,
        time: at,
        durationMs: 5,
      }),
    ).toBe('14:03:07 onDeviceWritten ok (5 ms)');
    expect(
      invocationLine({
        type: 'invoked',
        name: 'onDeviceWritten',
        ok: false,
        error: 'Deadline exceeded\n    at stack',
        time: at,
        durationMs: 5,
      }),
    ).toBe('14:03:07 onDeviceWritten failed (5 ms): Deadline exceeded');
  });
});

describe('terminalLineOf', () => {
  it('keeps lines printed outside any invocation and drops those of an invocation', () => {
    const line = (name: string | null) =>
      ({ type: 'log', name, stream: 'stdout', text: 'a line', time: at }) as const;
    expect(terminalLineOf(line(null))).toBe('a line');
    expect(terminalLineOf(line('claimDevice'))).toBeUndefined();
  });
});

describe('OutputTail', () => {
  it('keeps the last lines, across chunks split mid-line', () => {
    const tail = new OutputTail(2);
    tail.push('one\ntw');
    tail.push('o\nthree\nfou');
    expect(tail.text()).toBe('two\nthree\nfou');
  });
});
