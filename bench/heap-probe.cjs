// Preloaded into the server by bench/memory.ts (node --expose-gc --require): on SIGUSR2 it collects
// garbage fully and writes the live heap to PIPEWISE_HEAP_PROBE_FILE, so the benchmark can read
// what is live (load-independent), not only the resident set (which depends on when V8 collects).
const { readFileSync, writeFileSync, renameSync } = require('node:fs');

const target = process.env.PIPEWISE_HEAP_PROBE_FILE;
if (target) {
  process.on('SIGUSR2', () => {
    if (typeof global.gc === 'function') global.gc();
    // For finding what holds memory: a heap snapshot per probe (large, slow), when asked for.
    const snapshots = process.env.PIPEWISE_HEAP_PROBE_SNAPSHOTS;
    if (snapshots) require('node:v8').writeHeapSnapshot(require('node:path').join(snapshots, `heap-${Date.now()}.heapsnapshot`));
    const usage = process.memoryUsage();
    const partial = `${target}.partial`;
    const spaces = Object.fromEntries(require('node:v8').getHeapSpaceStatistics().map((space) => [space.space_name, Math.round(space.space_size / 1048576)]));
    writeFileSync(partial, JSON.stringify({ heapUsed: usage.heapUsed, heapTotal: usage.heapTotal, external: usage.external, arrayBuffers: usage.arrayBuffers, rss: usage.rss, spaces, at: Date.now() }));
    renameSync(partial, target);
    if (process.env.PIPEWISE_HEAP_PROBE_LOG) require('node:fs').appendFileSync(process.env.PIPEWISE_HEAP_PROBE_LOG, `${readFileSync(target, 'utf8')}\n`);
  });
}
