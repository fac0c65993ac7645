// Preloaded into the CLI by test/hostile/cli.test.ts: on exit, writes the process's own CPU time
// and peak memory to PIPEWISE_MEASURE_FILE, so budgets hold on a busy machine (wall time does not).
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const cpu = process.cpuUsage();
  writeFileSync(process.env.PIPEWISE_MEASURE_FILE, JSON.stringify({ cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
});
