import { describe, expect, it } from 'vitest';
import { javaProblem, parseJavaMajor, REQUIRED_JAVA_MAJOR } from './java-check.ts';

describe('the Java check before the official emulators', () => {
  it.each([
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21.0.4" 2024-07-16 LTS', 21],
    ['java version "1.8.0_392"', 8],
    ['openjdk version "25" 2025-09-16', 25],
    ['bash: java: command not found', undefined],
  ])('reads %j as Java %s', (output, major) => {
    expect(parseJavaMajor(output)).toBe(major);
  });

  it('accepts Java 21 and newer', () => {
    expect(javaProblem(REQUIRED_JAVA_MAJOR)).toBeUndefined();
    expect(javaProblem(25)).toBeUndefined();
  });

  it('explains what to do, and that npm start needs no Java, when Java is too old or missing', () => {
    expect(javaProblem(17)).toMatch(/needs Java 21 or newer, and Java 17 was found/);
    expect(javaProblem(undefined)).toMatch(/no Java was found/);
    expect(javaProblem(17)).toContain('`npm start` runs the same backend on local-cloud');
  });
});
