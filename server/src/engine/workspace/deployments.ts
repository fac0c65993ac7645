// Deployments a project declares for its Prefect flows: the `entrypoint: flows/load.py:load_orders`
// of a `prefect.yaml` / `*-deployment.yaml`, and in Python `load_orders.deploy(…)`,
// `load_orders.serve(…)`, `load_orders.to_deployment(…)`, `Deployment.build_from_flow(load_orders)`
// and `flow.from_source(…, entrypoint="flows/load.py:load_orders")`. When a project declares any,
// they are what its scheduler runs: a `@flow` no deployment names is not started on its own
// (a draft, an old copy, a flow run by hand).

import type { PythonFacts } from '../python/python-facts';

/** A flow a deployment names: a script (as written, relative to the manifest or the project root) and the flow function in it. */
export interface DeploymentEntrypoint {
  script: string;
  flow: string;
}

const YAML_ENTRYPOINT = /^[ \t]*(?:-[ \t]*)?entrypoint[ \t]*:[ \t]*['"]?([^'"\s:#][^'"\s:#]*\.py):([A-Za-z_]\w*)['"]?[ \t]*(?:#.*)?$/;
const ENTRYPOINT_STRING = /^([^\s:]+\.py):([A-Za-z_]\w*)$/;
/** Methods of a Prefect flow object that deploy it. */
const DEPLOYING_METHOD = /^(.+)\.(deploy|serve|to_deployment)$/;
const BUILD_FROM_FLOW = /(^|\.)Deployment\.build_from_flow$/;

/** The entrypoints a YAML manifest declares (`entrypoint: path.py:flow`, in any list of deployments). */
export function yamlDeployments(text: string): DeploymentEntrypoint[] {
  if (!text.includes('entrypoint')) return [];
  const out: DeploymentEntrypoint[] = [];
  for (const line of text.split('\n')) {
    const m = line.includes('entrypoint') ? YAML_ENTRYPOINT.exec(line.replace(/\r$/, '')) : null;
    if (m) out.push({ script: m[1], flow: m[2] });
  }
  return out;
}

export interface PythonDeployments {
  /** Flows the module deploys or serves, as it names them (`load_orders`, `flows.load_orders`). */
  refs: string[];
  /** `entrypoint="flows/load.py:load_orders"` strings it deploys from source. */
  entrypoints: DeploymentEntrypoint[];
}

export function pythonDeployments(py: PythonFacts, text: string): PythonDeployments {
  const refs = new Set<string>();
  const entrypoints: DeploymentEntrypoint[] = [];
  if (!py.importsModule('prefect')) return { refs: [], entrypoints };
  for (const call of py.calls) {
    const callee = call.callee.split('(')[0];
    const method = DEPLOYING_METHOD.exec(callee);
    if (method && /^[A-Za-z_][\w.]*$/.test(method[1])) refs.add(method[1]);
    if (BUILD_FROM_FLOW.test(py.resolveCall(call)) || BUILD_FROM_FLOW.test(callee)) {
      const flow = call.args.find((a) => (a.kind === 'keyword' && a.name === 'flow') || a.kind === 'positional');
      const name = flow ? text.slice(flow.start, flow.end).replace(/^flow\s*=\s*/, '') : '';
      if (/^[A-Za-z_][\w.]*$/.test(name)) refs.add(name);
    }
    for (const arg of call.args) {
      if (arg.kind !== 'keyword' || arg.name !== 'entrypoint' || !arg.string || arg.string.isFString) continue;
      const m = ENTRYPOINT_STRING.exec(arg.string.value);
      if (m) entrypoints.push({ script: m[1], flow: m[2] });
    }
  }
  return { refs: [...refs].sort(), entrypoints };
}
