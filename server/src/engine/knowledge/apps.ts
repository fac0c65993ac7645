// Application frameworks: a module that imports one serves people — a dashboard that renders data
// (Streamlit, Dash, Gradio, Panel) or a web API that answers requests (Flask, FastAPI, Django) —
// rather than running as a pipeline stage. Rules that judge stages (logging, error handling) ask
// what a module is for.

import type { PythonFacts } from '../python/python-facts';

export type AppKind = 'dashboard' | 'web';

export const APP_FRAMEWORKS: ReadonlyArray<{ module: string; kind: AppKind }> = [
  { module: 'streamlit', kind: 'dashboard' },
  { module: 'dash', kind: 'dashboard' },
  { module: 'gradio', kind: 'dashboard' },
  { module: 'panel', kind: 'dashboard' },
  { module: 'flask', kind: 'web' },
  { module: 'fastapi', kind: 'web' },
  { module: 'django', kind: 'web' },
  { module: 'starlette', kind: 'web' },
];

/** The kind of application the module belongs to by what it imports, or null for anything else. */
export function appKindOf(py: PythonFacts): AppKind | null {
  for (const framework of APP_FRAMEWORKS) if (py.importsModule(framework.module)) return framework.kind;
  return null;
}
