// Libraries that show data to a person — plots (matplotlib, seaborn, plotly, altair, bokeh),
// notebook display, dashboards (streamlit, dash, gradio) — rather than pass it on: rows handed to
// them leave no trace in a pipeline's outputs.

import type { CallFact } from '../python/facts';
import type { PythonFacts } from '../python/python-facts';
import { rootOf } from './call-site';

/** Import roots of plotting, notebook-display and dashboard libraries. */
export const PRESENTATION_MODULES = ['matplotlib', 'seaborn', 'plotly', 'altair', 'bokeh', 'IPython', 'streamlit', 'dash', 'gradio', 'pandasgui'] as const;
const ROOTS: ReadonlySet<string> = new Set(PRESENTATION_MODULES);
/** Axes and figures of a plot by their usual names (`ax.scatter(…)`, `axes[0].plot(…)`, `fig.add_trace(…)`). */
const PLOT_RECEIVER = /^(ax|axes|ax\d|axs|fig|figure|g|grid|chart)(\[\])?$/;

/** The call shows data to a person (a plot, a notebook display, a dashboard widget) rather than passing it on. */
export function isPresentationCall(call: CallFact, py: PythonFacts): boolean {
  if (call.callee === 'display') return true;
  const resolved = py.resolveCall(call);
  if (ROOTS.has(rootOf(resolved))) return true;
  const dot = call.callee.lastIndexOf('.');
  return dot > 0 && PLOT_RECEIVER.test(call.callee.slice(0, dot));
}
