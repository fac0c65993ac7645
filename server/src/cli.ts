// The `pipewise` command (bundled to dist/cli.js). See cli/main.ts.

import { main } from './cli/main';
import { processIo } from './cli/io';
import { isLintWorker, serveLintJobs } from './cli/lint-worker';

if (isLintWorker()) void serveLintJobs();
else runCli();

function runCli(): void {
  // A closed pipe (`pipewise check | head`) is not an error worth a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  void main(process.argv.slice(2), processIo()).then((code) => {
    process.exitCode = code;
  });
}
