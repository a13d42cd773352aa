import { describe, expect, it } from 'vitest';
import { LIMITS, readingHourCount } from '@gadget/shared';
import { ReadingsBuffer } from './readings.ts';

describe('ReadingsBuffer', () => {
  it('a gadget back from two days away sends its backlog oldest first, six hours a call', () => {
    const buffer = new ReadingsBuffer('GDG-TEST', Date.UTC(2026, 11, 5));
    const start = Date.UTC(2026, 11, 5, 0, 7);
    for (let i = 0; i < 48 * 4; i += 1)
      buffer.add(new Date(start + i * 15 * 60_000), { temperature: 20 });
    const sent: string[] = [];
    while (buffer.size > 0) {
      const batch = buffer.next();
      expect(readingHourCount(batch)).toBeLessThanOrEqual(LIMITS.readingHoursPerSubmission);
      sent.push(...batch.map((reading) => reading.id));
      buffer.acknowledge(batch);
    }
    expect(sent).toEqual(buffer.status.generatedIds);
    expect(sent).toHaveLength(48 * 4);
  });
});
