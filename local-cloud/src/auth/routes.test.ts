import { describe, expect, it } from 'vitest';
import { batchGet, grantToken, lookup, resetProject, signUp } from './operations.ts';
import { route } from './routes.ts';

const V1 = '/identitytoolkit.googleapis.com/v1';

describe('route', () => {
  it('serves client calls without a project', () => {
    expect(route('POST', `${V1}/accounts:signUp`)).toEqual({ operation: signUp });
    expect(route('POST', `${V1}/accounts:lookup`)).toEqual({ operation: lookup });
  });

  it('takes the project from admin paths', () => {
    expect(route('POST', `${V1}/projects/demo-a/accounts`)).toEqual({
      operation: signUp,
      project: 'demo-a',
    });
    expect(route('GET', `${V1}/projects/demo-a/accounts:batchGet`)).toEqual({
      operation: batchGet,
      project: 'demo-a',
    });
    expect(route('DELETE', '/emulator/v1/projects/demo-b/accounts')).toEqual({
      operation: resetProject,
      project: 'demo-b',
    });
  });

  it('serves the token endpoint', () => {
    expect(route('POST', '/securetoken.googleapis.com/v1/token')).toEqual({
      operation: grantToken,
    });
  });

  it('refuses wrong methods and unknown methods', () => {
    expect(route('GET', `${V1}/accounts:signUp`)).toBeUndefined();
    expect(route('POST', `${V1}/projects/p/accounts:batchGet`)).toBeUndefined();
    expect(route('POST', `${V1}/accounts:frobnicate`)).toBeUndefined();
    expect(route('GET', `${V1}/projects/p/accounts`)).toBeUndefined();
  });
});
