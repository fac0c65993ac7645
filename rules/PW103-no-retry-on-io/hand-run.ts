// Code a person runs by hand and watches: when it fails they see it and run it again, so a retry
// adds nothing there. Judged by the script's role, as its path says: a diagnostic (`check_db.py`,
// `verify_sources.py`), set-up tooling that seeds or fakes data (`seed_source_db.py`,
// `create_fixture.py`), a schema migration (`migrations/`, `alembic/env.py`), or a copy kept per
// edition of the data (`survey/v2024/load.py`), run once for that year's release. Not the `setup/`
// folder alone: loaders there (`setup/reload_warehouse.py`) are stages run again and again.

import path from 'node:path';
import { isDiagnosticScript, isMigrationScript, isToolingByName, isYearlyEditionScript } from '../support/script-audience';

/** The path inside the project, so a checkout under `~/2024/` or `/srv/migrations/` says nothing. */
function projectPath(filePath: string, root: string | null): string {
  return root && path.isAbsolute(filePath) ? path.relative(root, filePath) : filePath;
}

export function isRunByHand(filePath: string, root: string | null): boolean {
  const inProject = projectPath(filePath, root);
  return isDiagnosticScript(inProject) || isToolingByName(inProject) || isMigrationScript(inProject) || isYearlyEditionScript(inProject);
}
