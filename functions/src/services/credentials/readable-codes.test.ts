import { describe, expect, it } from 'vitest';
import { generateReadableCode, normalizeReadableCode } from './readable-codes.ts';

const CROCKFORD_GROUP = '[0-9A-HJKMNP-TV-Z]';

describe('readable codes', () => {
  it('generates Crockford characters grouped by four, the last group shorter if need be', () => {
    expect(generateReadableCode(10)).toMatch(
      new RegExp(`^${CROCKFORD_GROUP}{4}-${CROCKFORD_GROUP}{4}-${CROCKFORD_GROUP}{2}$`),
    );
    expect(generateReadableCode(12)).toMatch(
      new RegExp(`^${CROCKFORD_GROUP}{4}-${CROCKFORD_GROUP}{4}-${CROCKFORD_GROUP}{4}$`),
    );
    const codes = new Set(Array.from({ length: 200 }, () => generateReadableCode(12)));
    expect(codes.size).toBe(200);
  });

  it('ignores case, dashes and spaces and reads confusable letters as digits', () => {
    expect(normalizeReadableCode(' k7qm-2xj4 9d ')).toBe('K7QM2XJ49D');
    expect(normalizeReadableCode('IoL0-abcd-ef')).toBe('1010ABCDEF');
  });

  it('normalises a generated code to its characters without separators', () => {
    const code = generateReadableCode(12);
    expect(normalizeReadableCode(code)).toBe(code.replaceAll('-', ''));
  });
});
