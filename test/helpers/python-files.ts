// The Python files under a folder, depth first: fixtures for tests that run over real code (the
// bundled examples).

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export function pythonFilesUnder(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) pythonFilesUnder(full, out);
    else if (name.endsWith('.py')) out.push(full);
  }
  return out;
}
