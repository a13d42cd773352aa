import { describe, expect, it } from 'vitest';
import { StopStack } from './stop-stack.ts';

describe('StopStack', () => {
  it('stops in the reverse order of start, each after the one before has finished', async () => {
    const stack = new StopStack();
    const log: string[] = [];
    stack.push(() => {
      log.push('firestore');
    });
    stack.push(async () => {
      await Promise.resolve();
      log.push('control');
    });
    stack.push(() => {
      log.push('console');
    });
    await stack.stopAll();
    expect(log).toEqual(['console', 'control', 'firestore']);
  });

  it('runs every later step when one fails, then throws every failure at once', async () => {
    const stack = new StopStack();
    const log: string[] = [];
    const authFailure = new Error('auth would not close');
    stack.push(() => {
      log.push('firestore');
    });
    stack.push(() => {
      throw authFailure;
    });
    stack.push(() => {
      log.push('storage');
    });
    stack.push(() => Promise.reject(new Error('console would not close')));
    stack.push(() => {
      log.push('control');
    });

    const error = await stack.stopAll().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(log).toEqual(['control', 'storage', 'firestore']);
    expect(error).toBeInstanceOf(AggregateError);
    const aggregate = error as AggregateError;
    expect(aggregate.errors).toEqual([new Error('console would not close'), authFailure]);
    expect(aggregate.message).toBe(
      "2 of local-cloud's stop steps failed: console would not close; auth would not close",
    );
  });

  it('stops each step once: a second stopAll has nothing left to run', async () => {
    const stack = new StopStack();
    let stops = 0;
    stack.push(() => {
      stops += 1;
      throw new Error('once');
    });
    await expect(stack.stopAll()).rejects.toThrow(AggregateError);
    await stack.stopAll();
    expect(stops).toBe(1);
  });
});
