// When a document is analysed after a change. At once, as long as analyses keep up with typing;
// only when the last analysis was slow and changes arrive faster than it took does a change wait
// (as long as that analysis took) for the next one. A wait never adds latency to a document whose
// analyses are fast, and stale work is cancelled either way. `lintDelayMs` (0 by default) is a
// floor for users who want a fixed delay.

/** An analysis faster than this never delays the next one. */
export const SLOW_ANALYSIS_MS = 20;
/** The longest adaptive wait: diagnostics follow a burst of typing at most this late. */
export const MAX_ADAPTIVE_DELAY_MS = 300;

export class AdaptiveDelay {
  private lastAnalysisMs = 0;
  private lastChangeAt = Number.NEGATIVE_INFINITY;

  /** How long the document's last analysis (lint + publish) took. */
  analysed(ms: number): void {
    this.lastAnalysisMs = ms;
  }

  /** The delay before analysing a change made at `now` (ms, monotonic), given the configured floor. */
  delayFor(now: number, configuredMs: number): number {
    const sinceLastChange = now - this.lastChangeAt;
    this.lastChangeAt = now;
    const slow = this.lastAnalysisMs > SLOW_ANALYSIS_MS;
    // Changes coming faster than one slow analysis: analysing each would queue stale work.
    const adaptive = slow && sinceLastChange < this.lastAnalysisMs ? Math.min(this.lastAnalysisMs, MAX_ADAPTIVE_DELAY_MS) : 0;
    return Math.max(configuredMs, adaptive);
  }
}
