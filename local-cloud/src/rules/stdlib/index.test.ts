import { describe, expect, it } from 'vitest';
import { RError, RNamespace } from '../values.ts';
import { callFunction, callMethod, isFunction } from './index.ts';

// Reference: https://firebase.google.com/docs/reference/rules/rules (the types and namespaces).
describe('dispatch', () => {
  it('methods exist only on their own type', () => {
    expect(callMethod('abc', 'size', [])).toBe(3n);
    expect(callMethod(['a'], 'size', [])).toBe(1n);
    expect(callMethod(null, 'size', [])).toBeInstanceOf(RError);
    expect(callMethod(1n, 'size', [])).toBeInstanceOf(RError);
    expect(callMethod(true, 'lower', [])).toBeInstanceOf(RError);
    expect(callMethod(new RNamespace('math'), 'abs', [1n])).toBeInstanceOf(RError);
    // Object.prototype's names are not methods.
    expect(callMethod('abc', 'constructor', [])).toBeInstanceOf(RError);
    expect(callMethod('abc', 'toString', [])).toBeInstanceOf(RError);
  });

  it('functions by qualified name', () => {
    expect(callFunction('math.abs', [-2n])).toBe(2n);
    expect(callFunction('abs', [-2n])).toBeInstanceOf(RError);
    expect(callFunction('__proto__', [])).toBeInstanceOf(RError);
    expect(isFunction('duration.value')).toBe(true);
    expect(isFunction('get')).toBe(false);
  });
});
