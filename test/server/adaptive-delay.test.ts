// When a change is analysed: at once while analyses keep up, after a wait only when the last
// analysis was slow and changes come faster than it took; `lintDelayMs` is a floor.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AdaptiveDelay, MAX_ADAPTIVE_DELAY_MS, SLOW_ANALYSIS_MS } from '../../server/src/features/adaptive-delay';
import { DEFAULT_LINT_DELAY_MS, readClientSettings } from '../../server/src/features/client-settings';

describe('adaptive delay', () => {
  it('adds no delay by default', () => {
    assert.equal(DEFAULT_LINT_DELAY_MS, 0);
    assert.equal(readClientSettings({}).lintDelayMs, 0);
  });

  const cases: Array<{ name: string; analysisMs: number; gapMs: number; configured: number; expected: number }> = [
    { name: 'fast analysis, fast typing', analysisMs: 5, gapMs: 1, configured: 0, expected: 0 },
    { name: 'slow analysis, typing slower than it', analysisMs: 80, gapMs: 120, configured: 0, expected: 0 },
    { name: 'slow analysis, typing faster than it', analysisMs: 80, gapMs: 30, configured: 0, expected: 80 },
    { name: 'very slow analysis: the wait is capped', analysisMs: 5_000, gapMs: 30, configured: 0, expected: MAX_ADAPTIVE_DELAY_MS },
    { name: 'just below slow', analysisMs: SLOW_ANALYSIS_MS, gapMs: 1, configured: 0, expected: 0 },
    { name: 'a configured delay is a floor', analysisMs: 5, gapMs: 1, configured: 50, expected: 50 },
    { name: 'the adaptive wait wins over a smaller floor', analysisMs: 80, gapMs: 30, configured: 50, expected: 80 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const delay = new AdaptiveDelay();
      assert.equal(delay.delayFor(1_000, c.configured), c.configured, 'the first change has nothing to go by');
      delay.analysed(c.analysisMs);
      assert.equal(delay.delayFor(1_000 + c.gapMs, c.configured), c.expected);
    });
  }
});
