import { describe, expect, it } from 'vitest';
import { RError, RMap, RPath } from '../values.ts';
import { callFunction, callMethod } from './index.ts';

// Reference: https://firebase.google.com/docs/reference/rules/rules.Path
describe('rules.Path', () => {
  it('bind: "Bind key-value pairs in a map to a path"', () => {
    // (/path/$(foo)/$(bar)).bind({"foo": "something", "bar": "another"}) is /path/something/another
    const p = new RPath(['path', '$(foo)', '$(bar)']);
    const bound = callMethod(p, 'bind', [new RMap({ foo: 'something', bar: 'another' })]);
    expect((bound as RPath).toString()).toBe('/path/something/another');
    const spliced = callMethod(new RPath(['a', '$(rest)']), 'bind', [
      new RMap({ rest: new RPath(['b', 'c']) }),
    ]);
    expect((spliced as RPath).segments).toEqual(['a', 'b', 'c']);
    // "Value must not be null."
    expect(callMethod(p, 'bind', [null])).toBeInstanceOf(RError);
    expect(callMethod(p, 'bind', [new RMap({ foo: 'x' })])).toBeInstanceOf(RError);
    expect(callMethod(p, 'bind', [new RMap({ foo: 1.5, bar: 'y' })])).toBeInstanceOf(RError);
  });

  it('path(): "converting from a string using the path() function"', () => {
    // path("path/to/resource")
    expect((callFunction('path', ['path/to/resource']) as RPath).segments).toEqual([
      'path',
      'to',
      'resource',
    ]);
    expect((callFunction('path', ['/a/b']) as RPath).toString()).toBe('/a/b');
    expect(callFunction('path', ['a//b'])).toBeInstanceOf(RError);
    expect(callFunction('path', [1n])).toBeInstanceOf(RError);
    expect(callFunction('path', [])).toBeInstanceOf(RError);
  });
});
