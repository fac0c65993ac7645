// A CPU profile of this very process over a stretch of work (e.g. the edits, not the open), through
// the inspector, summarised by source file and function: what a bench run in process from source
// spends its time on.

import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { summarizeSourceProfile, type CpuProfile } from './profile-summary';

const SAMPLING_INTERVAL_US = 200;

export class EditsProfiler {
  private constructor(private readonly session: Session) {}

  static async start(): Promise<EditsProfiler> {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: SAMPLING_INTERVAL_US });
    await session.post('Profiler.start');
    return new EditsProfiler(session);
  }

  async stopAndSummarize(file: string, top = 40): Promise<void> {
    const { profile } = (await this.session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    this.session.disconnect();
    writeFileSync(file, JSON.stringify(profile));
    const summary = summarizeSourceProfile(profile, path.resolve(__dirname, '..'), top);
    console.log(`profile over the edits: ${summary.totalMs} ms (written to ${file})`);
    console.log('  self time by module:');
    for (const { module, ms, share } of summary.byModule) console.log(`    ${String(ms).padStart(6)} ms ${String(share).padStart(5)} %  ${module}`);
    console.log('  inclusive time by function:');
    for (const { fn, ms, share } of summary.byFunction) console.log(`    ${String(ms).padStart(6)} ms ${String(share).padStart(5)} %  ${fn}`);
  }
}
