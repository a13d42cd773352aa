import { describe, expect, it } from 'vitest';
import { matchDocumentPattern } from './path-pattern.ts';

describe('matchDocumentPattern', () => {
  it('captures single-segment wildcards', () => {
    expect(matchDocumentPattern('devices/{id}/alerts/{alertId}', 'devices/d1/alerts/a1')).toEqual({
      id: 'd1',
      alertId: 'a1',
    });
  });

  it('requires the same depth', () => {
    expect(matchDocumentPattern('devices/{id}', 'devices/d1/alerts/a1')).toBeNull();
    expect(matchDocumentPattern('devices/{id}/alerts/{alertId}', 'devices/d1')).toBeNull();
  });

  it('requires literal segments to be equal', () => {
    expect(matchDocumentPattern('devices/{id}', 'users/u1')).toBeNull();
    expect(matchDocumentPattern('users/u1', 'users/u1')).toEqual({});
  });

  it('lets {name=**} take the rest of the path', () => {
    expect(matchDocumentPattern('users/{path=**}', 'users/u1/pushTokens/t')).toEqual({
      path: 'u1/pushTokens/t',
    });
    expect(matchDocumentPattern('users/{path=**}', 'users')).toBeNull();
  });
});
