// The workspace model: one node per file (stage facts for Python scripts, pipeline facts for
// pipeline YAML configs and Airflow DAG modules, the text for suppression comments), updated one
// file at a time. Derived data (the pipelines list, the graph) is computed lazily and cached
// until the next update, so an edit costs one file's analysis, not the workspace's.

import path from 'node:path';
import { isTestPath, type DocumentFacts } from '../document';
import type { NotebookFacts } from '../notebook/notebook-facts';
import type { Dialect, ProjectView } from '../types';
import { parseAirflowDag } from './airflow';
import { allFlows, type StageFlow, type StepCodeView } from './flow';
import { ModuleIndex } from './modules';
import { summarizeModule, type ModuleSummary } from './module-summary';
import { computeRetriedCode, type AsyncHandlerFile, type PipelineCode } from './retried-code';
import { computePrintReach, namedFiles, NO_REACH, printReachKey, reachedByCalls, pipelineRole, printsLogged, type PipelineRole, type PrintReach } from './logged-prints';
import { parseBundleJobs, parsePipelineConfig } from './pipeline-config';
import { yamlDeployments, type DeploymentEntrypoint } from './deployments';
import { ciWorkflowRuns, type CiRuns } from './ci-workflows';
import { courseFolder, handRunFolder, runModeOf, type RunMode } from './run-mode';
import { resolveNotebook } from './notebook-refs';
import { parsePrefectFlows } from './prefect';
import { runsTask, stepCode, type StepCode } from './step-code';
import { resolveRef, runTargets, type CodeNode } from './code-refs';
import { extractStageFacts, type ExtendedStageFacts } from './stage';
import { asyncLambdaHandlers, lambdaHandlerModules } from './lambda-descriptors';
import type { ArtifactKind, NotebookRef, PipelineFact, StepFact } from './types';
import { PRINTS_KEPT_BY } from '../knowledge';

interface FileNode {
  path: string;
  dialect: Dialect;
  text: string;
  isTest: boolean;
  stage: ExtendedStageFacts | null;
  /** Pipeline configs and Airflow DAG modules hold one; a module may define several Prefect flows. */
  pipelines: PipelineFact[];
  /** The module's call graph and retry entry points (Python files). */
  module: ModuleSummary | null;
  /** The flows a deployment manifest names (`entrypoint: flows/load.py:load_orders`; YAML files). */
  deployments: DeploymentEntrypoint[];
  ciRuns: CiRuns | null;
  lambdaHandlers: string[] | null;
}

/**
 * What the model keeps of one analysed file, as plain data (structured-cloneable; the CLI's
 * workers compute it and its cache stores it). The text is not part of it.
 */
export interface NodeFacts {
  dialect: Dialect;
  stage: ExtendedStageFacts | null;
  pipelines: PipelineFact[];
  module: ModuleSummary | null;
  deployments: DeploymentEntrypoint[];
  /** What a CI workflow runs on pushes, pull requests or releases (ci-workflows.ts; YAML files). */
  ciRuns?: CiRuns | null;
  /** The handler modules of a SAM/CloudFormation template or serverless.yml that deploys Lambda functions (lambda-descriptors.ts; YAML files). */
  lambdaHandlers?: string[] | null;
}

/** A file's node facts from its document facts; `file` is its absolute path, `root` the model's. */
export function nodeFactsOf(doc: DocumentFacts, file: string, root: string): NodeFacts {
  // Test modules are no part of the call graph retries and prints follow, and define no flows.
  const isTest = isTestPath(path.relative(root, file));
  let stage: ExtendedStageFacts | null = null;
  let pipelines: PipelineFact[] = [];
  let module: ModuleSummary | null = null;
  let deployments: DeploymentEntrypoint[] = [];
  let ciRuns: CiRuns | null = null;
  let lambdaHandlers: string[] | null = null;
  if (doc.dialect === 'python') {
    stage = extractStageFacts(doc);
    if (stage) stage.path = file;
    // A notebook documents itself in markdown cells: one before its first code cell is its docstring.
    if (stage && doc.notebook && !stage.hasModuleDocstring) stage.hasModuleDocstring = opensWithMarkdown(doc.notebook);
    if (stage?.importsAirflow) pipelines = present([absolutePipeline(parseAirflowDag(doc), file, root)]);
    else if (!isTest) pipelines = present(parsePrefectFlows(doc).map((p) => absolutePipeline(p, file, root)));
    if (!isTest) module = summarizeModule(doc);
  } else if (doc.dialect === 'yaml') {
    pipelines = present([parsePipelineConfig(doc), ...parseBundleJobs(doc)].map((p) => absolutePipeline(p, file, root)));
    deployments = yamlDeployments(doc.text);
    ciRuns = ciWorkflowRuns(doc);
    lambdaHandlers = lambdaHandlerModules(doc);
  }
  return { dialect: doc.dialect, stage, pipelines, module, deployments, ciRuns, lambdaHandlers };
}

export interface GraphArtifact {
  id: string;
  kind: ArtifactKind;
  name: string;
  runScoped: boolean;
}

export interface GraphStep {
  id: string;
  name: string;
  /** Absolute path of the script the step runs, when known. */
  script: string | null;
  callable: string | null;
  /** Where the step's code starts: the script, or the module defining its callable (absolute), when the workspace holds it. */
  module: string | null;
  /** The function or method the step runs in `module` (`fetch_orders`, `Loader.run`); null for a whole script. */
  function: string | null;
  retries: number | null;
  /** Artifact ids. */
  reads: string[];
  writes: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: 'runs-before' | 'reads' | 'writes';
}

export interface GraphPipeline {
  id: string;
  /** The config file (pipeline.yaml or DAG module), absolute. */
  path: string;
  name: string;
  kind: PipelineFact['kind'];
  schedule: string | null;
  steps: GraphStep[];
  artifacts: GraphArtifact[];
  /** Step → step (run order), artifact → step (reads), step → artifact (writes). */
  edges: GraphEdge[];
}

export interface WorkspaceGraph {
  pipelines: GraphPipeline[];
}

export class WorkspaceModel implements StepCodeView {
  readonly root: string;
  private listed = new Set<string>();
  private listedArray: string[] | undefined;
  private readonly nodes = new Map<string, FileNode>();
  private cachedPipelines: PipelineFact[] | undefined;
  private cachedGraph: WorkspaceGraph | undefined;
  private cachedFlows: StageFlow[] | undefined;
  private cachedScripts: Map<string, number> | undefined;
  private cachedModules: ModuleIndex | undefined;
  private cachedRetried: PipelineCode | undefined;
  private cachedPrintReach: PrintReach | undefined;
  private cachedCiReach: PrintReach | undefined;
  private cachedPipelinesOnlyReach: PrintReach | undefined;
  private cachedOrchestratorReach: PrintReach | undefined;
  private cachedNamedNotebooks: Set<string> | undefined;
  private cachedCiStarts: Set<string> | undefined;
  private cachedSummaries: Map<string, ModuleSummary> | undefined;
  private cachedStepCode = new Map<StepFact, StepCode | null>();
  private cachedWebRoots: string[] | undefined;
  private readonly retriesKeys = new Map<string, string>();
  /** Increments on every change; consumers compare it to know when to re-run workspace rules. */
  version = 0;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  private abs(file: string): string {
    return path.resolve(this.root, file);
  }

  /** `retries`: what decides which code runs retried may have changed (modules, pipelines, the file list). */
  private changed(retries = true): void {
    this.version++;
    this.cachedPipelines = undefined;
    this.cachedGraph = undefined;
    this.cachedFlows = undefined;
    this.cachedSummaries = undefined;
    this.cachedStepCode.clear();
    if (!retries) return;
    this.cachedScripts = undefined;
    this.cachedRetried = undefined;
    this.dropReaches();
    this.cachedWebRoots = undefined;
    this.retriesKeys.clear();
  }

  /** The reaches from the pipelines' starts, CI's and the deployed ones: they follow calls across files. */
  private dropReaches(): void {
    this.cachedPrintReach = undefined;
    this.cachedCiReach = undefined;
    this.cachedPipelinesOnlyReach = undefined;
    this.cachedOrchestratorReach = undefined;
    this.cachedNamedNotebooks = undefined;
    this.cachedCiStarts = undefined;
  }

  private listingChanged(): void {
    this.listedArray = undefined;
    this.cachedModules = undefined;
    this.cachedStepCode.clear();
    this.cachedRetried = undefined;
    this.dropReaches();
    this.retriesKeys.clear();
  }

  /** Every file of the workspace (analysed or not), for existence checks and listings. */
  setFiles(paths: Iterable<string>): void {
    this.listed = new Set([...paths].map((p) => this.abs(p)));
    this.listingChanged();
    for (const file of [...this.nodes.keys()]) if (!this.listed.has(file)) this.nodes.delete(file);
    this.changed();
  }

  addFile(file: string): void {
    const abs = this.abs(file);
    if (this.listed.has(abs)) return;
    this.listed.add(abs);
    this.listingChanged();
    this.changed();
  }

  /** Recomputes one file's node from fresh facts (call it right after analysing: facts objects may be reused by the next parse). */
  updateDocument(doc: DocumentFacts, filePath: string = doc.path): void {
    const file = this.abs(filePath);
    const previous = this.nodes.get(file);
    // The same text again (a CLI run feeding a file it analysed up front): nothing changes.
    if (previous && previous.text === doc.text && previous.dialect === doc.dialect) return;
    this.updateFacts(file, doc.text, nodeFactsOf(doc, file, this.root));
  }

  /** Sets one file's node from facts computed elsewhere (a worker thread, the CLI's cache) for `text`. */
  updateFacts(filePath: string, text: string, facts: NodeFacts): void {
    const file = this.abs(filePath);
    const previous = this.nodes.get(file);
    if (previous && previous.text === text && previous.dialect === facts.dialect) return;
    const isTest = isTestPath(path.relative(this.root, file));
    const { dialect, stage, pipelines } = facts;
    const deployments = facts.deployments ?? [];
    const ciRuns = facts.ciRuns ?? null;
    const lambdaHandlers = facts.lambdaHandlers ?? null;
    const module = isTest ? null : facts.module;
    if (!this.listed.has(file)) {
      this.listed.add(file);
      this.listingChanged();
    }
    this.nodes.set(file, { path: file, dialect, text, isTest, stage, pipelines, module, deployments, ciRuns, lambdaHandlers });
    const sameRetries =
      previous !== undefined &&
      previous.module?.key === module?.key &&
      retriesOfPipelines(previous.pipelines) === retriesOfPipelines(pipelines) &&
      JSON.stringify(previous.deployments) === JSON.stringify(deployments) &&
      JSON.stringify(previous.ciRuns) === JSON.stringify(ciRuns) &&
      JSON.stringify(previous.lambdaHandlers) === JSON.stringify(lambdaHandlers);
    this.changed(!sameRetries);
  }

  removeFile(file: string): void {
    const abs = this.abs(file);
    const had = this.nodes.delete(abs) || this.listed.delete(abs);
    this.listed.delete(abs);
    this.listingChanged();
    if (had) this.changed();
  }

  /**
   * Every pipeline, with the candidate steps of DAGs and flows (calls of imported functions) that
   * run tasks where the project defines them (an imported `@task`, a Prefect subflow) as steps.
   */
  pipelines(): readonly PipelineFact[] {
    if (!this.cachedPipelines) {
      this.cachedPipelines = [];
      for (const node of this.sortedNodes()) for (const p of node.pipelines) this.cachedPipelines.push(this.withTasks(this.withNotebooks(p)));
      this.cachedPipelines = withTriggeredJobs(this.cachedPipelines);
    }
    return this.cachedPipelines;
  }

  /** Steps that run a notebook run the file of the project it names, when one matches (notebook-refs.ts). */
  private withNotebooks(pipeline: PipelineFact): PipelineFact {
    if (!pipeline.steps.some((s) => s.notebook && !s.scriptPath)) return pipeline;
    const steps = pipeline.steps.map((s) => {
      if (!s.notebook || s.scriptPath) return s;
      const file = resolveNotebook(s.notebook, this.listed, this.root);
      return file ? { ...s, scriptPath: file } : s;
    });
    return { ...pipeline, steps };
  }

  private withTasks(pipeline: PipelineFact): PipelineFact {
    if (pipeline.candidateSteps.length === 0) return pipeline;
    const tasks = pipeline.candidateSteps.filter((s) => runsTask(pipeline, s, this.summaries(), this.modules()));
    if (tasks.length === 0) return pipeline;
    // In the order the file declares them (steps of one loop share a range and keep their order).
    const steps = [...pipeline.steps, ...tasks].map((s, i) => ({ s, i })).sort((a, b) => a.s.range.start - b.s.range.start || a.i - b.i).map((x) => x.s);
    return { ...pipeline, steps };
  }

  /** The module summaries of the analysed (non-test) Python files, by path. */
  private summaries(): Map<string, ModuleSummary> {
    if (!this.cachedSummaries) {
      this.cachedSummaries = new Map();
      for (const node of this.nodes.values()) if (node.module) this.cachedSummaries.set(node.path, node.module);
    }
    return this.cachedSummaries;
  }

  /** The code a step runs, across the project's modules (step-code.ts); null when the workspace does not hold it. */
  stepCode(pipeline: PipelineFact, step: StepFact): StepCode | null {
    let code = this.cachedStepCode.get(step);
    if (code === undefined) {
      code = stepCode(pipeline, step, this.summaries(), this.modules());
      this.cachedStepCode.set(step, code);
    }
    return code;
  }

  /** The notebooks `file` runs with `%run`, and those they run, in order (code-refs.ts `runTargets`). */
  notebookRuns(file: string): string[] {
    const summaries = this.summaries();
    const out: string[] = [];
    const visit = (from: string) => {
      for (const helper of runTargets(summaries, from)) {
        if (helper === file || out.includes(helper)) continue;
        out.push(helper);
        visit(helper);
      }
    };
    visit(this.abs(file));
    return out;
  }

  stage(file: string): ExtendedStageFacts | undefined {
    return this.nodes.get(this.abs(file))?.stage ?? undefined;
  }

  private pythonFiles(): string[] {
    return this.files().filter((f) => f.endsWith('.py'));
  }

  files(): readonly string[] {
    this.listedArray ??= [...this.listed].sort();
    return this.listedArray;
  }

  fileExists(file: string): boolean {
    return this.listed.has(this.abs(file));
  }

  /** The text the model analysed for a file (suppression comments, previews). */
  text(file: string): string | undefined {
    return this.nodes.get(this.abs(file))?.text;
  }

  dialect(file: string): Dialect | undefined {
    return this.nodes.get(this.abs(file))?.dialect;
  }

  isTestFile(file: string): boolean {
    const abs = this.abs(file);
    return this.nodes.get(abs)?.isTest ?? isTestPath(path.relative(this.root, abs));
  }

  /** Analysed files (absolute paths). */
  analyzedFiles(): string[] {
    return [...this.nodes.keys()].sort();
  }

  /** Data flows of every pipeline (and of folders of scripts no pipeline runs), cached until the next change. */
  flows(): readonly StageFlow[] {
    this.cachedFlows ??= allFlows(this, (f) => this.isTestFile(f));
    return this.cachedFlows;
  }

  /** Retries of the step that runs a script: step.retries ?? pipeline.defaultRetries ?? 0; null when no step runs it (relative paths resolve against the root). */
  retriesForScript(filePath: string): number | null {
    if (!this.cachedScripts) {
      this.cachedScripts = new Map();
      for (const p of this.pipelines()) {
        for (const step of p.steps) {
          if (!step.scriptPath) continue;
          const retries = step.retries ?? p.defaultRetries ?? 0;
          const previous = this.cachedScripts.get(step.scriptPath);
          // A script run by several steps is covered only as far as the least-retried one.
          this.cachedScripts.set(step.scriptPath, previous === undefined ? retries : Math.min(previous, retries));
        }
      }
    }
    return this.cachedScripts.get(this.abs(filePath)) ?? null;
  }

  /** The project's own Python modules, to resolve imports between them. */
  modules(): ModuleIndex {
    this.cachedModules ??= new ModuleIndex(this.pythonFiles());
    return this.cachedModules;
  }

  /** Code that runs under retries declared elsewhere (orchestrator tasks, retry decorators, pipeline steps), by file. */
  retriedCode(): PipelineCode {
    if (!this.cachedRetried) {
      this.retriesForScript(this.root); // fills cachedScripts
      this.cachedRetried = computeRetriedCode(this.summaries(), this.modules(), this.cachedScripts!, this.asyncHandlerFiles());
    }
    return this.cachedRetried;
  }

  /** The handlers asynchronous events invoke (AWS retries them), by file: those a Lambda descriptor names, and Chalice's. */
  private asyncHandlerFiles(): AsyncHandlerFile[] {
    const out: AsyncHandlerFile[] = [];
    const files = this.pythonFiles();
    for (const node of this.nodes.values()) {
      for (const handler of node.module?.asyncHandlers ?? []) out.push({ file: node.path, handler });
      if (!node.lambdaHandlers) continue;
      for (const { module, handler } of asyncLambdaHandlers(node) ?? []) for (const file of namedFiles(module, files)) out.push({ file, handler });
    }
    return out;
  }

  /** Retries that code elsewhere gives function `name` (`load`, `Loader.load`) of a file by running it; null when nothing retried runs it. */
  retriesForFunction(filePath: string, name: string): number | null {
    return this.retriedCode().retried.get(this.abs(filePath))?.get(name) ?? null;
  }

  /** How the starts of the project's pipelines keep what the code they reach prints, by file and function. */
  private printReach(): PrintReach {
    if (!this.cachedPrintReach) {
      const summaries = new Map<string, ModuleSummary>();
      for (const node of this.nodes.values()) if (node.module) summaries.set(node.path, node.module);
      this.cachedPrintReach = computePrintReach(summaries, this.modules(), { scripts: this.startingScripts(), loggedScripts: this.scriptsWithKeptOutput(), deployed: this.deployedFlows(summaries) });
    }
    return this.cachedPrintReach;
  }

  /** The scripts pipeline steps run, and the handler modules a Lambda descriptor names (they run when the functions are invoked). */
  private startingScripts(): string[] {
    this.retriesForScript(this.root); // fills cachedScripts: the scripts pipeline steps run
    return [...this.cachedScripts!.keys(), ...(this.lambdaHandlerFiles() ?? [])];
  }

  /**
   * The scripts whose runner keeps what they print as the run's log (knowledge's PRINTS_KEPT_BY): run
   * by an Airflow task or a Databricks bundle job, or a Lambda handler module. A `pipeline.yaml`
   * step's runner is not known to.
   */
  private scriptsWithKeptOutput(): Set<string> {
    const kept = new Set<string>(this.lambdaHandlerFiles() ?? []);
    for (const p of this.pipelines()) {
      const keeps = (p.kind === 'airflow' && PRINTS_KEPT_BY['airflow-task']) || (p.jobKey !== undefined && PRINTS_KEPT_BY['databricks-job']);
      if (keeps) for (const step of p.steps) if (step.scriptPath) kept.add(step.scriptPath);
    }
    return kept;
  }

  /** The project files CI workflows run on pushes, pull requests or releases (ci-workflows.ts). */
  private ciStarts(): Set<string> {
    if (!this.cachedCiStarts) {
      const out = new Set<string>();
      const files = this.pythonFiles();
      for (const node of this.nodes.values()) {
        if (!node.ciRuns) continue;
        for (const written of node.ciRuns.code) for (const file of namedFiles(written, files)) out.add(file);
        for (const written of node.ciRuns.notebooks) {
          const file = resolveNotebook({ written, dir: '' } satisfies NotebookRef, this.listed, this.root);
          if (file) out.add(file);
        }
      }
      // A file a pipeline step runs is the pipeline's, whatever CI also runs it for.
      this.retriesForScript(this.root);
      for (const file of this.cachedScripts!.keys()) out.delete(file);
      this.cachedCiStarts = out;
    }
    return this.cachedCiStarts;
  }

  /** What the code CI workflows run reaches (calls and imports), like printReach for the pipelines. */
  private ciReach(): PrintReach {
    if (!this.cachedCiReach) {
      const starts = this.ciStarts();
      this.cachedCiReach = starts.size === 0 ? NO_REACH : computePrintReach(this.summaries(), this.modules(), { scripts: starts, onlyStarted: starts });
    }
    return this.cachedCiReach;
  }

  /**
   * The pipelines' reach without what CI workflows run counting as a start (a notebook a release
   * workflow submits is a Databricks notebook all the same). Only the CI-tooling test reads it:
   * pipelineRole keeps counting those files' starts, since a project whose only visible start is a
   * script CI also runs cannot be said to leave its other code unrun.
   */
  private pipelinesOnlyReach(): PrintReach {
    if (!this.cachedPipelinesOnlyReach) {
      const ci = this.ciStarts();
      this.cachedPipelinesOnlyReach =
        ci.size === 0 ? this.printReach() : computePrintReach(this.summaries(), this.modules(), { scripts: this.startingScripts(), deployed: this.deployedFlows(this.summaries()), notStarted: ci });
    }
    return this.cachedPipelinesOnlyReach;
  }

  /**
   * What the project's orchestrator starts reach (DAG tasks, flows, assets, deployed flows, Lambda
   * handlers, scripts a step runs) without `__main__` blocks counting as starts: code outside it
   * is run, if at all, by someone running the file.
   */
  private orchestratorReach(): PrintReach {
    if (!this.cachedOrchestratorReach) {
      const summaries = this.summaries();
      this.cachedOrchestratorReach = computePrintReach(summaries, this.modules(), {
        scripts: this.startingScripts(),
        deployed: this.deployedFlows(summaries),
        withoutMainBlocks: true,
      });
    }
    return this.cachedOrchestratorReach;
  }

  /** Who runs the file's code: the project's pipelines, CI, an operator by hand, nothing, or unknown (run-mode.ts). */
  runMode(filePath: string): RunMode {
    const file = this.abs(filePath);
    const reach = this.printReach();
    const ci = this.ciReach();
    return runModeOf({
      role: pipelineRole(reach, file),
      hasStarts: reach.hasStarts,
      calledByPipelines: reachedByCalls(this.pipelinesOnlyReach(), file),
      runByStep: this.retriesForScript(file) !== null,
      ciReached: reachedByCalls(ci, file),
      handRunFolder: handRunFolder(this.root, file),
      outsideDeployed: this.outsideDeployed(file),
      courseLesson: courseFolder(this.root, file) !== null && !this.orchestratorReach().hasStarts && !this.namedNotebooks().has(file),
    });
  }

  /**
   * The files of the handler modules the project's Lambda descriptors name, or null when it has no
   * such descriptor or none of its handlers is a module of the project. A handler module runs when the function is invoked, even when its handler is
   * an object (`handle = Job()`) the reach cannot tell from other top-level code.
   */
  private lambdaHandlerFiles(): string[] | null {
    let handlers: string[] | null = null;
    for (const node of this.nodes.values()) if (node.lambdaHandlers) (handlers ??= []).push(...node.lambdaHandlers);
    if (!handlers) return null;
    const files = this.pythonFiles();
    const found = [...new Set(handlers.flatMap((name) => namedFiles(name, files)))];
    // A descriptor whose handlers are none of the project's Python (a Node.js function) says
    // nothing of how its Python runs.
    return found.length > 0 ? found : null;
  }

  /** The project deploys Lambda functions and none of its deployed starts reaches the file. */
  private outsideDeployed(file: string): boolean {
    return this.outsideOrchestrator(file) && this.lambdaHandlerFiles() !== null;
  }

  /** The notebooks the project's code names by their workspace path (jobs it creates through an SDK). */
  private namedNotebooks(): Set<string> {
    if (!this.cachedNamedNotebooks) {
      const out = new Set<string>();
      for (const summary of this.summaries().values()) {
        for (const written of summary.notebookPaths) {
          const file = resolveNotebook({ written, dir: '' } satisfies NotebookRef, this.listed, this.root);
          if (file) out.add(file);
        }
      }
      this.cachedNamedNotebooks = out;
    }
    return this.cachedNamedNotebooks;
  }

  /** The project has orchestrator starts and none of them reaches the file (orchestratorReach). */
  private outsideOrchestrator(file: string): boolean {
    const reach = this.orchestratorReach();
    return reach.hasStarts && pipelineRole(reach, file) === 'unrun';
  }

  /** The flows the project's deployments name (manifests and Python deploy calls), or null when it declares none. */
  private deployedFlows(summaries: ReadonlyMap<string, ModuleSummary>): CodeNode[] | null {
    const out: CodeNode[] = [];
    let declared = false;
    const index = this.modules();
    const add = (from: string, entry: DeploymentEntrypoint) => {
      declared = true;
      const file = this.entrypointFile(path.dirname(from), entry.script);
      if (file && summaries.get(file)?.functions.has(entry.flow)) out.push({ file, name: entry.flow });
    };
    for (const node of this.nodes.values()) {
      for (const entry of node.deployments) add(node.path, entry);
      if (!node.module) continue;
      for (const entry of node.module.deployments.entrypoints) add(node.path, entry);
      for (const ref of node.module.deployments.refs) {
        declared = true;
        out.push(...resolveRef(summaries, index, node.path, ref, 0));
      }
    }
    return declared ? out : null;
  }

  /** The project file an entrypoint names: relative to the manifest's folder, to the root, or the one file whose path ends with it. */
  private entrypointFile(dir: string, script: string): string | null {
    for (const base of [dir, this.root]) {
      const file = path.resolve(base, script);
      if (this.listed.has(file)) return file;
    }
    const suffix = path.sep + path.normalize(script).replace(/^(\.\.?[\\/])+/, '');
    const matches = this.files().filter((f) => f.endsWith(suffix));
    return matches.length === 1 ? matches[0] : null;
  }

  /**
   * Function `name` (`load`, `Loader.load`, `<module>`) of a file prints into run logs: a start of
   * the project's pipelines that runs it keeps prints as records (a Prefect flow or task with
   * `log_prints=True`).
   */
  printsLoggedFor(filePath: string, name: string): boolean {
    return printsLogged(this.printReach(), this.abs(filePath), name);
  }

  /** How the project's pipelines run the file's code: started by one, called by code they run, or not run. */
  pipelineRole(filePath: string): PipelineRole {
    return pipelineRole(this.printReach(), this.abs(filePath));
  }

  /** Everything printsLoggedFor and pipelineRole answer for a file, as a short key. */
  printsKey(filePath: string): string {
    return `${printReachKey(this.printReach(), this.abs(filePath))}|${this.runMode(filePath)}`;
  }

  /** Folders of web applications (where a module builds `Flask(__name__)`, `FastAPI()`), below the root. */
  private webRoots(): string[] {
    if (!this.cachedWebRoots) {
      const roots = new Set<string>();
      for (const node of this.nodes.values()) if (node.module?.webApp && path.dirname(node.path) !== this.root) roots.add(path.dirname(node.path) + path.sep);
      this.cachedWebRoots = [...roots].sort();
    }
    return this.cachedWebRoots;
  }

  /**
   * Function `name` of a file belongs to a web application of a project whose pipelines are
   * orchestrated, and nothing the orchestrator or a pipeline step runs reaches it: it serves
   * requests, it is not a pipeline stage.
   */
  isWebAppCode(filePath: string, name: string): boolean {
    const file = this.abs(filePath);
    if (!this.webRoots().some((root) => file.startsWith(root))) return false;
    const code = this.retriedCode();
    return code.orchestrated && !code.reached.get(file)?.has(name);
  }

  /** Everything retriesForFunction answers for a file, as a short key (changes when any answer does). */
  retriesKey(filePath: string): string {
    const file = this.abs(filePath);
    let key = this.retriesKeys.get(file);
    if (key === undefined) {
      const code = this.retriedCode();
      const names = code.retried.get(file);
      key = names ? [...names].map(([name, retries]) => `${name}=${retries}`).sort().join(';') : '';
      // Web app code: which of its functions pipelines reach decides what is reported.
      if (code.orchestrated && this.webRoots().some((root) => file.startsWith(root))) key += `|web:${[...(code.reached.get(file) ?? [])].sort().join(',')}`;
      this.retriesKeys.set(file, key);
    }
    return key;
  }

  /** Project Python files that analysed modules import (or retried pipeline steps run) but the model has not analysed yet. */
  unanalyzedImports(): string[] {
    const index = this.modules();
    const out = new Set<string>();
    for (const node of this.nodes.values()) {
      if (!node.module) continue;
      for (const target of new Set([...node.module.imports.values(), ...node.module.importedModules])) {
        const found = index.resolve(node.path, target);
        if (found && !this.nodes.has(found.file)) out.add(found.file);
      }
    }
    for (const p of this.pipelines()) for (const step of p.steps) if (step.scriptPath && this.listed.has(step.scriptPath) && !this.nodes.has(step.scriptPath)) out.add(step.scriptPath);
    // What CI workflows run: the code it reaches is CI tooling only when it is known.
    for (const file of this.ciStarts()) if (!this.nodes.has(file)) out.add(file);
    // The handler modules a Lambda descriptor names: what they reach is what the project deploys.
    for (const file of this.lambdaHandlerFiles() ?? []) if (!this.nodes.has(file)) out.add(file);
    return [...out].sort();
  }

  /** What per-file rules may know about the workspace (PW103: retries of a script's step, of code run by retried tasks elsewhere; PW204: code whose prints are run logs). */
  projectView(base: string = this.root): ProjectView {
    return {
      retriesForScript: (filePath: string) => this.retriesForScript(path.resolve(base, filePath)),
      retriesForFunction: (filePath: string, name: string) => this.retriesForFunction(path.resolve(base, filePath), name),
      isWebAppCode: (filePath: string, name: string) => this.isWebAppCode(path.resolve(base, filePath), name),
      retriesKey: (filePath: string) => `${this.retriesForScript(path.resolve(base, filePath))}|${this.retriesKey(path.resolve(base, filePath))}`,
      printsLoggedFor: (filePath: string, name: string) => this.printsLoggedFor(path.resolve(base, filePath), name),
      pipelineRole: (filePath: string) => this.pipelineRole(path.resolve(base, filePath)),
      runMode: (filePath: string) => this.runMode(path.resolve(base, filePath)),
      printsKey: (filePath: string) => this.printsKey(path.resolve(base, filePath)),
    };
  }

  /**
   * Everything `projectView()` answers about one file, as plain data: a worker thread lints the
   * file with it (`viewOfFile`), and `key` is part of the CLI cache's key for its findings.
   */
  fileView(filePath: string): FileProjectView {
    const file = this.abs(filePath);
    const code = this.retriedCode();
    const webCode = code.orchestrated && this.webRoots().some((root) => file.startsWith(root));
    const retriesForScript = this.retriesForScript(file);
    const reach = this.printReach();
    return {
      retriesForScript,
      retried: [...(code.retried.get(file) ?? [])],
      webCode,
      reached: webCode ? [...(code.reached.get(file) ?? [])] : [],
      printsLogged: [...(reach.files.get(file) ?? [])].filter(([name]) => printsLogged(reach, file, name)).map(([name]) => name),
      pipelineRole: pipelineRole(reach, file),
      runMode: this.runMode(file),
      key: `${retriesForScript}|${this.retriesKey(file)}`,
      printsKey: this.printsKey(file),
    };
  }

  graph(): WorkspaceGraph {
    this.cachedGraph ??= buildGraph(this);
    return this.cachedGraph;
  }

  private sortedNodes(): FileNode[] {
    return [...this.nodes.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }
}

/** What the project tells per-file rules about one file (see `WorkspaceModel.fileView`). */
export interface FileProjectView {
  retriesForScript: number | null;
  /** Function → retries code elsewhere gives it. */
  retried: Array<[string, number]>;
  /** The file is in a web application's folder of an orchestrated project. */
  webCode: boolean;
  /** With `webCode`: the functions pipelines reach. */
  reached: string[];
  /** The functions (and `<module>`) whose prints are run logs. */
  printsLogged: string[];
  pipelineRole: PipelineRole;
  runMode: RunMode;
  key: string;
  printsKey: string;
}

/** What the model tells a file nothing runs with retries, no web application holds and no pipeline starts (a project without starts). */
export const NOTHING_KNOWN: FileProjectView = { retriesForScript: null, retried: [], webCode: false, reached: [], printsLogged: [], pipelineRole: 'started', runMode: 'unknown', key: 'null|', printsKey: '' };

/** A ProjectView answering, for the one file it was taken for, what the model answered. */
export function viewOfFile(view: FileProjectView): ProjectView {
  const retried = new Map(view.retried);
  const reached = new Set(view.reached);
  const logged = new Set(view.printsLogged);
  return {
    retriesForScript: () => view.retriesForScript,
    retriesForFunction: (_file, name) => retried.get(name) ?? null,
    isWebAppCode: (_file, name) => view.webCode && !reached.has(name),
    retriesKey: () => view.key,
    printsLoggedFor: (_file, name) => logged.has(name),
    pipelineRole: () => view.pipelineRole,
    runMode: () => view.runMode,
    printsKey: () => view.printsKey,
  };
}

/** What of a file's pipelines decides which scripts run retried. */
function retriesOfPipelines(pipelines: readonly PipelineFact[]): string {
  return pipelines.map((p) => `${p.defaultRetries}|${p.steps.map((s) => `${s.scriptPath}:${s.retries}`).join(',')}`).join(';');
}

function opensWithMarkdown(notebook: NotebookFacts): boolean {
  const first = notebook.notebook.cells.find((cell) => cell.kind === 'code' || (cell.kind === 'markdown' && cell.source.trim() !== ''));
  return first?.kind === 'markdown';
}

function present<T>(items: Array<T | null>): T[] {
  return items.filter((item): item is T => item !== null);
}

/** Pipeline facts with absolute script paths (configs analysed under a relative path resolve against the root). */
function absolutePipeline(pipeline: PipelineFact | null, file: string, root: string): PipelineFact | null {
  if (!pipeline) return null;
  if (pipeline.path === file && pipeline.steps.every((s) => !s.scriptPath || path.isAbsolute(s.scriptPath))) return pipeline;
  return {
    ...pipeline,
    path: file,
    steps: pipeline.steps.map((s) => (s.scriptPath && !path.isAbsolute(s.scriptPath) ? { ...s, scriptPath: path.resolve(root, s.scriptPath) } : s)),
  };
}

function buildGraph(model: WorkspaceModel): WorkspaceGraph {
  const pipelines: GraphPipeline[] = [];
  model.pipelines().forEach((pipeline, p) => {
    const flow = model.flows().find((f) => f.pipeline === pipeline);
    const artifacts = new Map<string, GraphArtifact>();
    const artifactId = (kind: ArtifactKind, name: string, runScoped: boolean) => {
      const key = `${kind}:${name}`;
      let artifact = artifacts.get(key);
      if (!artifact) artifacts.set(key, (artifact = { id: `p${p}a${artifacts.size}`, kind, name, runScoped }));
      return artifact.id;
    };
    const steps: GraphStep[] = [];
    const edges: GraphEdge[] = [];
    const ordered = flow ? flow.units.map((u) => u.step!) : [];
    // Steps without a stage in the workspace still appear, in declaration order after the rest.
    for (const step of pipeline.steps) if (!ordered.includes(step)) ordered.push(step);
    ordered.forEach((step, i) => {
      const unit = flow?.units.find((u) => u.step === step);
      const reads = unique((unit?.reads ?? []).map((r) => artifactId(r.kind, r.name, r.runScoped)));
      const writes = unique((unit?.writes ?? []).map((w) => artifactId(w.kind, w.name, w.runScoped)));
      for (const name of step.declaredInputs) if (!reads.includes(artifactId(kindOf(name), name, false))) reads.push(artifactId(kindOf(name), name, false));
      for (const name of step.declaredOutputs) if (!writes.includes(artifactId(kindOf(name), name, false))) writes.push(artifactId(kindOf(name), name, false));
      const code = model.stepCode(pipeline, step);
      steps.push({ id: `p${p}s${i}`, name: step.name, script: step.scriptPath, callable: step.callable, module: code?.file ?? null, function: code?.name ?? null, retries: step.retries ?? pipeline.defaultRetries, reads, writes });
    });
    // Run order: the dependencies the pipeline declares (`>>`, depends_on), else the listed order.
    const idOf = new Map<string, string>();
    ordered.forEach((step, i) => {
      if (!idOf.has(step.name)) idOf.set(step.name, steps[i].id);
    });
    const declared = ordered.some((step) => step.upstream.length > 0);
    steps.forEach((step, i) => {
      if (!declared && i > 0) edges.push({ from: steps[i - 1].id, to: step.id, kind: 'runs-before' });
      if (declared) for (const up of ordered[i].upstream) {
        const from = idOf.get(up);
        if (from && from !== step.id) edges.push({ from, to: step.id, kind: 'runs-before' });
      }
      for (const a of step.writes) edges.push({ from: step.id, to: a, kind: 'writes' });
      for (const a of step.reads) edges.push({ from: a, to: step.id, kind: 'reads' });
    });
    pipelines.push({
      id: `p${p}`,
      path: pipeline.path,
      name: pipeline.name,
      kind: pipeline.kind,
      schedule: pipeline.schedule?.value ?? null,
      steps,
      artifacts: [...artifacts.values()],
      edges,
    });
  });
  return { pipelines };
}

function kindOf(name: string): ArtifactKind {
  return /[/\\]|\.(csv|parquet|json|jsonl|avro|orc|txt|xlsx?|feather|pkl|gz)$/i.test(name) ? 'file' : 'table';
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/**
 * A step that triggers a Databricks job by name (`DatabricksRunNowOperator(job_name=…)`) runs the
 * job the repository defines under that name or bundle key; when that job runs one notebook, the
 * step runs that notebook (its I/O is the step's, the task's retries cover it). A job of several
 * tasks is a pipeline of its own: the step stays unlinked rather than picking one.
 */
function withTriggeredJobs(pipelines: PipelineFact[]): PipelineFact[] {
  if (!pipelines.some((p) => p.steps.some((s) => s.jobName && !s.scriptPath))) return pipelines;
  const jobs = pipelines.filter((p) => p.jobKey !== undefined);
  return pipelines.map((pipeline) => {
    if (!pipeline.steps.some((s) => s.jobName && !s.scriptPath)) return pipeline;
    const steps = pipeline.steps.map((step) => {
      if (!step.jobName || step.scriptPath) return step;
      const named = jobs.filter((job) => job.name === step.jobName || job.jobKey === step.jobName);
      const notebooks = named.length === 1 ? [...new Set(named[0].steps.map((s) => s.scriptPath).filter((f): f is string => f !== null))] : [];
      return notebooks.length === 1 && named[0].steps.length === 1 ? { ...step, scriptPath: notebooks[0] } : step;
    });
    return { ...pipeline, steps };
  });
}
