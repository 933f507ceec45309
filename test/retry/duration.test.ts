import { describe, expect, it } from 'vitest';
import { durationToSeconds } from '../../src/retry/duration.js';

describe('durationToSeconds', () => {
  it.each([
    [{ seconds: 30 }, 30],
    [{ minutes: 2 }, 120],
    [{ hours: 1 }, 3600],
    [{ days: 1 }, 86400],
    [{ days: 1, hours: 2, minutes: 3, seconds: 4 }, 86400 + 7200 + 180 + 4],
    [{ minutes: 1, seconds: 30 }, 90],
  ])('%o is %d seconds', (duration, seconds) => {
    expect(durationToSeconds(duration)).toBe(seconds);
  });

  it('neither rounds nor validates', () => {
    expect(durationToSeconds({ seconds: 1.5 })).toBe(1.5);
    expect(durationToSeconds({ minutes: 0.5 })).toBe(30);
  });
});
