// The files whose changes on disk the workspace follows: what feeds the workspace model (Python
// scripts and Jupyter notebooks, YAML pipeline configs), configuration and baselines, and a
// README (PW302). The server registers these with clients that register watchers dynamically; the
// VS Code client watches the same globs itself.

export const WATCHED_FILES: readonly string[] = ['**/pipewise.toml', '**/pyproject.toml', '**/*baseline*.json', '**/*.{py,ipynb,yaml,yml}', '**/README*'];
