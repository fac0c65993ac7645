// What a CI workflow runs on a push, a pull request or a release: the Python scripts and modules
// of its `run:` steps (`python scripts/release.py`, `python -m tools.deploy`) and the notebooks it
// submits (`databricks/run-notebook`'s `workspace-notebook-path`). Such code builds, tests,
// releases or manages deployments; it moves no data on a schedule (run-mode.ts). A workflow that
// runs on a schedule is a pipeline, and one only started by hand (`workflow_dispatch`) is an
// operator's job: neither is read here.

import path from 'node:path';
import type { DocumentFacts } from '../document';

/** What one CI workflow runs, as written: script paths or dotted module names, and notebook paths. */
export interface CiRuns {
  /** `scripts/release.py` or `tools.deploy`, matched against the project's files like code run by name. */
  code: string[];
  /** Notebook paths as the workflow names them (`/Repos/team/project/notebooks/ci_cd/update_jobs`). */
  notebooks: string[];
}

const WORKFLOW_FILE = /(^|[\\/])\.github[\\/]workflows[\\/][^\\/]+\.ya?ml$/i;
/** Events of a repository's development: code pushed, reviewed, merged or released. */
const CI_EVENTS = new Set(['push', 'pull_request', 'pull_request_target', 'release', 'merge_group', 'create', 'delete']);
/** Events that make a workflow someone's job rather than CI: a schedule runs a pipeline. */
const NOT_CI_EVENTS = new Set(['schedule']);
const NOTEBOOK_KEY = /(^|[-_])notebook[-_]path$/i;
/** `python[3[.11]] [-u …] script.py` or `python -m module` inside a shell line. */
const PYTHON_RUN = /(?:^|[\s;&|(])(?:[\w./-]*\/)?python[\d.]*\s+(?:-[uOBEsIX]+\s+)*(?:-m\s+([A-Za-z_][\w.]*)|([^\s;&|<>'"$]+\.py))(?=[\s;&|)]|$)/g;
/** Modules a workflow runs that are tools, not the project's code. */
const TOOL_MODULES = /^(pip|venv|virtualenv|pytest|unittest|build|twine|mypy|flake8|black|ruff|pylint|isort|coverage|tox|nox|poetry|uv|pre_commit|ensurepip|http\.server|json\.tool|dbt)(\.|$)/;

/** The code a GitHub Actions workflow runs on pushes, pull requests or releases; null for other YAML or other triggers. */
export function ciWorkflowRuns(doc: DocumentFacts): CiRuns | null {
  const yaml = doc.yaml;
  if (!yaml || !WORKFLOW_FILE.test(doc.path)) return null;
  const events = new Set<string>();
  for (const s of yaml.scalars) {
    if (s.path[0] !== 'on') continue;
    // A key scalar's path is its mapping's: `on: {push: …}` gives the key `push` at ['on'].
    if (s.isKey && s.path.length === 1) events.add(s.value);
    else if (!s.isKey && (s.path.length === 1 || (s.path.length === 2 && typeof s.path[1] === 'number'))) events.add(s.value);
  }
  if (![...events].some((e) => CI_EVENTS.has(e)) || [...events].some((e) => NOT_CI_EVENTS.has(e))) return null;
  const code = new Set<string>();
  const notebooks = new Set<string>();
  for (const s of yaml.scalars) {
    if (s.isKey || s.path[0] !== 'jobs') continue;
    if (s.key === 'run') {
      for (const m of s.value.matchAll(PYTHON_RUN)) {
        if (m[1] && !TOOL_MODULES.test(m[1])) code.add(m[1]);
        if (m[2] && !/[{}*]/.test(m[2])) code.add(path.posix.normalize(m[2].replace(/\\/g, '/')));
      }
    } else if (s.key && NOTEBOOK_KEY.test(s.key) && s.value.trim() && !/\$\{\{/.test(s.value)) {
      notebooks.add(s.value.trim());
    }
  }
  if (code.size === 0 && notebooks.size === 0) return null;
  return { code: [...code].sort(), notebooks: [...notebooks].sort() };
}
