// Pipeline configs written in YAML: a `pipeline.yaml`/`pipeline.yml`, or any YAML whose top-level
// mapping has a `steps:`/`tasks:` list of mappings. Read from the parsed syntax tree (never
// converted to plain data, so aliases are not expanded), with the source range of everything a
// rule or the editor points at. Malformed YAML yields what can be read; nothing here throws.

import path from 'node:path';
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { DocumentFacts } from '../document';
import { isTemplatedSchedule, scheduleKind } from './schedule';
import { noArguments } from './step-arguments';
import type { PipelineFact, ScheduleFact, SourceRange, StepFact } from './types';

/** Folders of CI systems whose YAML also has top-level `steps:` (Buildkite, GitHub, GitLab…): not data pipelines. */
const CI_FOLDER = /(^|[\\/])\.(buildkite|github|gitlab|circleci|azure-pipelines|azuredevops|drone|woodpecker|tekton|semaphore)([\\/]|$)/i;
const CI_FILE = /^(azure-pipelines|cloudbuild|\.gitlab-ci|bitbucket-pipelines|\.drone|\.travis|buildspec|codemagic|appveyor)[\w.-]*\.ya?ml$/i;
/** Step keys that only CI systems use (`uses:` GitHub, `task:`/`bash:` Azure, `entrypoint:` Cloud Build, `label:`/`plugins:` Buildkite). */
const CI_STEP_KEYS = new Set(['uses', 'task', 'bash', 'powershell', 'pwsh', 'checkout', 'template', 'entrypoint', 'waitFor', 'plugins', 'label', 'wait', 'block', 'agents', 'artifact_paths']);
const CI_TOP_KEYS = new Set(['trigger', 'pool', 'pr', 'jobs', 'stages', 'extends', 'images', 'substitutions', 'availableSecrets', 'agents', 'workflows', 'on']);

const NAME_KEYS = ['name', 'id', 'task_id', 'task_key', 'step', 'key'];
const TARGET_KEYS = ['script', 'file', 'module', 'command', 'run'] as const;
const UPSTREAM_KEYS = ['depends_on', 'needs', 'after', 'upstream', 'dependencies'];
const STEP_RETRY_KEYS = ['retries', 'max_retries', 'maxRetries', 'retry_count', 'retry'];
const RETRY_COUNT_KEYS = ['retries', 'maxAttempt', 'maxAttempts', 'max_attempts', 'attempts', 'limit', 'count', 'max_retries'];
const SCHEDULE_KEYS = ['schedule', 'cron', 'schedule_interval'];
const DEFAULTS_KEYS = ['defaults', 'default_args', 'default'];

const SCRIPT_EXTENSION = /\.(py|sh|bash|sql|ipynb|r|scala|jar|js|ts|rb|pl)$/i;
const PYTHON_COMMAND = /^(?:[\w./-]*\/)?(?:python[\d.]*|uv\s+run(?:\s+python[\d.]*)?|poetry\s+run\s+python[\d.]*|pipenv\s+run\s+python[\d.]*)\s+(?:-[uOB]+\s+)*(?:(-m)\s+([A-Za-z_][\w.]*)|([^\s;&|<>]+\.py))(?=\s|$)/;
const SHELL_COMMAND = /^(?:bash|sh)\s+([^\s;&|<>]+\.(?:sh|bash))(?=\s|$)/;
const BARE_SCRIPT = /^(\.{0,2}\/?[^\s;&|<>]+\.(?:py|sh))(?=\s|$)/;
const MODULE_NAME = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/;
const TEMPLATED = /\{\{|\{%|\$\{|\$[A-Z_]|<%|^~/;

const cache = new WeakMap<DocumentFacts, PipelineFact | null>();

/** Whether a YAML file's name alone marks it as a pipeline config. */
export function isPipelineConfigName(filePath: string): boolean {
  return /^pipeline\.ya?ml$/i.test(path.basename(filePath));
}

/** The pipeline a YAML document declares, or null when it is not a pipeline config. Cached per document. */
export function parsePipelineConfig(doc: DocumentFacts): PipelineFact | null {
  if (cache.has(doc)) return cache.get(doc)!;
  let result: PipelineFact | null = null;
  try {
    result = readPipeline(doc);
  } catch {
    result = null;
  }
  cache.set(doc, result);
  return result;
}

function readPipeline(doc: DocumentFacts): PipelineFact | null {
  const yaml = doc.yaml;
  if (!yaml || doc.dialect !== 'yaml') return null;
  const base = path.basename(doc.path);
  if (CI_FOLDER.test(doc.path) || CI_FILE.test(base)) return null;
  const document = yaml.documents.find((d) => isMap(d.contents));
  if (!document) return null;
  const root = document.contents as YAMLMap;
  const stepsPair = findPair(root, 'steps') ?? findPair(root, 'tasks');
  const stepsNode = stepsPair ? stepsPair.value : null;
  const stepItems = isSeq(stepsNode) ? stepsNode.items.filter((item): item is YAMLMap => isMap(item)) : [];
  const named = isPipelineConfigName(doc.path);
  if (!named && stepItems.length === 0) return null;
  if (root.items.some((pair) => isScalar(pair.key) && CI_TOP_KEYS.has(String(pair.key.value)))) return null;
  if (stepItems.some((item) => item.items.some((pair) => isScalar(pair.key) && CI_STEP_KEYS.has(String(pair.key.value))))) return null;

  const nameNode = scalarValue(root, 'name') ?? scalarValue(root, 'pipeline') ?? scalarValue(root, 'dag_id') ?? scalarValue(root, 'id');
  const dir = path.dirname(doc.path);
  const defaults = readDefaults(root);
  const anchorNode = stepsPair?.key && isScalar(stepsPair.key) ? stepsPair.key : nameNode ?? null;
  const anchor = rangeOf(anchorNode) ?? { start: 0, end: Math.min(doc.text.length, doc.text.indexOf('\n') < 0 ? doc.text.length : doc.text.indexOf('\n')) };

  const steps: StepFact[] = [];
  for (const item of stepItems) steps.push(readStep(doc.text, item, dir, steps.length));
  // Without any depends_on/needs, steps run in the order they are listed.
  if (!stepItems.some((item) => UPSTREAM_KEYS.some((key) => findPair(item, key)))) {
    for (let i = 1; i < steps.length; i++) steps[i].upstream = [steps[i - 1].name];
  }
  return {
    path: doc.path,
    kind: 'yaml',
    name: nameNode && isScalar(nameNode) ? String(nameNode.value ?? '') : path.basename(dir) || base,
    nameRange: rangeOf(nameNode),
    schedule: readSchedule(root, document),
    defaultRetries: defaults.retries,
    defaultRetriesRange: defaults.range,
    startDate: null,
    catchupSet: null,
    anchor,
    steps,
    candidateSteps: [],
  };
}

/**
 * The jobs of a Databricks asset bundle (`resources: jobs: <key>: tasks: […]`, in `databricks.yml`
 * or a file it includes): one pipeline per job, its tasks as steps. Cached per document.
 */
export function parseBundleJobs(doc: DocumentFacts): PipelineFact[] {
  if (bundleCache.has(doc)) return bundleCache.get(doc)!;
  let result: PipelineFact[] = [];
  try {
    result = readBundleJobs(doc);
  } catch {
    result = [];
  }
  bundleCache.set(doc, result);
  return result;
}

const bundleCache = new WeakMap<DocumentFacts, PipelineFact[]>();

function readBundleJobs(doc: DocumentFacts): PipelineFact[] {
  const yaml = doc.yaml;
  if (!yaml || doc.dialect !== 'yaml') return [];
  const dir = path.dirname(doc.path);
  const out: PipelineFact[] = [];
  for (const document of yaml.documents) {
    if (!isMap(document.contents)) continue;
    const resources = findPair(document.contents as YAMLMap, 'resources')?.value;
    const jobs = isMap(resources) ? findPair(resources, 'jobs') : undefined;
    if (!jobs || !isMap(jobs.value)) continue;
    for (const pair of jobs.value.items) {
      if (!isPair(pair) || !isScalar(pair.key) || !isMap(pair.value)) continue;
      const job = pair.value as YAMLMap;
      const tasks = findPair(job, 'tasks')?.value;
      const items = isSeq(tasks) ? tasks.items.filter((item): item is YAMLMap => isMap(item)) : [];
      if (items.length === 0) continue;
      const steps: StepFact[] = [];
      for (const item of items) steps.push(readStep(doc.text, item, dir, steps.length));
      const nameNode = scalarValue(job, 'name') ?? pair.key;
      const keyRange = rangeOf(pair.key as Node) ?? { start: 0, end: 0 };
      out.push({
        path: doc.path,
        kind: 'yaml',
        name: isScalar(nameNode) ? String(nameNode.value ?? '') : String(pair.key.value),
        nameRange: rangeOf(nameNode),
        // Quartz cron (seconds first) is not the five-field cron the schedule rules read.
        schedule: null,
        defaultRetries: null,
        defaultRetriesRange: null,
        startDate: null,
        catchupSet: null,
        anchor: keyRange,
        steps,
        candidateSteps: [],
        jobKey: String(pair.key.value),
      });
    }
  }
  return out;
}

function readStep(text: string, item: YAMLMap, dir: string, index: number): StepFact {
  let nameNode: Node | null = null;
  for (const key of NAME_KEYS) {
    nameNode = scalarValue(item, key);
    if (nameNode) break;
  }
  let targetNode: Node | null = null;
  let targetKey: (typeof TARGET_KEYS)[number] | null = null;
  for (const key of TARGET_KEYS) {
    targetNode = scalarValue(item, key);
    if (targetNode) {
      targetKey = key;
      break;
    }
  }
  const targetText = targetNode && isScalar(targetNode) && targetNode.value !== null ? String(targetNode.value) : null;
  const resolved = targetText !== null && targetKey ? resolveTarget(targetKey, targetText, dir) : null;
  const itemRange = rangeOf(item) ?? { start: 0, end: 0 };
  const notebookNode = resolved || targetKey ? null : notebookPathNode(item);
  const notebook = notebookNode && isScalar(notebookNode) ? String(notebookNode.value) : null;
  const name = nameNode && isScalar(nameNode) ? String(nameNode.value ?? '') : resolved?.target ?? notebook ?? `step ${index + 1}`;
  const retries = readStepRetries(item);
  return {
    name,
    nameRange: rangeOf(nameNode) ?? rangeOf(targetNode) ?? rangeOf(notebookNode) ?? { start: itemRange.start, end: itemRange.start },
    range: itemRange,
    target: resolved ? resolved.target : targetKey === 'script' || targetKey === 'file' || targetKey === 'module' ? targetText : notebook,
    targetRange: resolved ? resolved.range(text, targetNode!) : targetKey === 'script' || targetKey === 'file' || targetKey === 'module' ? rangeOf(targetNode) : rangeOf(notebookNode),
    scriptPath: resolved?.scriptPath ?? null,
    ...(notebook !== null ? { notebook: { written: notebook, dir } } : {}),
    callable: scalarText(item, 'callable') ?? scalarText(item, 'function') ?? scalarText(item, 'python_callable'),
    arguments: noArguments(),
    retries,
    upstream: readUpstream(item),
    declaredInputs: readStringList(item, 'inputs'),
    declaredOutputs: readStringList(item, 'outputs'),
  };
}

/** The notebook a step runs: `notebook: path` (or `notebook: {path: …}`), or a Databricks `notebook_task: {notebook_path: …}`. */
function notebookPathNode(item: YAMLMap): Node | null {
  const direct = scalarValue(item, 'notebook') ?? scalarValue(item, 'notebook_path');
  if (direct) return direct;
  for (const key of ['notebook', 'notebook_task']) {
    const inner = findPair(item, key)?.value;
    if (isMap(inner)) {
      const found = scalarValue(inner, 'notebook_path') ?? scalarValue(inner, 'path');
      if (found) return found;
    }
  }
  return null;
}

interface ResolvedTarget {
  target: string;
  scriptPath: string | null;
  range(text: string, node: Node): SourceRange | null;
}

/**
 * The script a step runs: `script:`/`file:` paths, `module:` dotted names (`etl.extract` →
 * `etl/extract.py`), and the script of `command:`/`run:` lines (`python extract.py`,
 * `python -m etl.extract`, `bash load.sh`). Templated values and shell commands that run no
 * script (`dbt run`) resolve to null.
 */
function resolveTarget(key: (typeof TARGET_KEYS)[number], value: string, dir: string): ResolvedTarget | null {
  const trimmed = value.trim();
  if (trimmed === '' || TEMPLATED.test(trimmed) || trimmed.includes('\n')) return null;
  const whole = (target: string, scriptPath: string | null): ResolvedTarget => ({ target, scriptPath, range: (text, node) => innerRange(text, node, value, target) });
  if (key === 'module') {
    if (!MODULE_NAME.test(trimmed)) return null;
    return whole(trimmed, path.resolve(dir, `${trimmed.replace(/\./g, '/')}.py`));
  }
  if (key === 'script' || key === 'file') {
    if (/\s/.test(trimmed)) return commandTarget(trimmed, value, dir);
    if (/^[a-z][\w+.-]*:\/\//i.test(trimmed)) return null;
    // A bare word (`make`, `dbt`) is an executable on PATH, not a file of the project.
    if (!SCRIPT_EXTENSION.test(trimmed) && !trimmed.includes('/')) return null;
    return whole(trimmed, path.resolve(dir, trimmed));
  }
  return commandTarget(trimmed, value, dir);
}

function commandTarget(command: string, raw: string, dir: string): ResolvedTarget | null {
  const python = PYTHON_COMMAND.exec(command);
  if (python) {
    if (python[1]) {
      const module = python[2];
      return { target: module, scriptPath: path.resolve(dir, `${module.replace(/\./g, '/')}.py`), range: (text, node) => innerRange(text, node, raw, module) };
    }
    const script = python[3];
    return { target: script, scriptPath: path.resolve(dir, script), range: (text, node) => innerRange(text, node, raw, script) };
  }
  const shell = SHELL_COMMAND.exec(command) ?? BARE_SCRIPT.exec(command);
  if (shell) {
    const script = shell[1];
    return { target: script, scriptPath: path.resolve(dir, script), range: (text, node) => innerRange(text, node, raw, script) };
  }
  return null;
}

/** Range of `part` inside a scalar's source (the script inside `python extract.py`); the whole scalar (quotes included) when `part` is all of it. */
function innerRange(text: string, node: Node, value: string, part: string): SourceRange | null {
  const whole = rangeOf(node);
  if (!whole || part === value.trim()) return whole;
  const at = text.slice(whole.start, whole.end).indexOf(part);
  return at < 0 ? whole : { start: whole.start + at, end: whole.start + at + part.length };
}

function readStepRetries(item: YAMLMap): number | null {
  for (const key of STEP_RETRY_KEYS) {
    const pair = findPair(item, key);
    if (!pair) continue;
    const count = retryCount(pair.value);
    if (count !== null) return count;
  }
  return null;
}

/** A retries value: a number, or a retry mapping's attempt count (a mapping without a count means "retry"). */
function retryCount(node: unknown): number | null {
  if (isScalar(node)) {
    const n = Number(node.value);
    if (typeof node.value === 'number' || (typeof node.value === 'string' && /^\d+$/.test(node.value.trim()))) return Number.isFinite(n) ? n : null;
    if (node.value === true) return 1;
    return null;
  }
  if (isMap(node)) {
    for (const key of RETRY_COUNT_KEYS) {
      const pair = findPair(node, key);
      if (pair && isScalar(pair.value)) {
        const n = Number(pair.value.value);
        if (Number.isFinite(n)) return n;
      }
    }
    return node.items.length > 0 ? 1 : null;
  }
  return null;
}

function readDefaults(root: YAMLMap): { retries: number | null; range: SourceRange | null } {
  for (const key of DEFAULTS_KEYS) {
    const block = findPair(root, key)?.value;
    if (!isMap(block)) continue;
    for (const retryKey of STEP_RETRY_KEYS) {
      const pair = findPair(block, retryKey);
      if (!pair) continue;
      const count = retryCount(pair.value);
      if (count !== null) return { retries: count, range: rangeOf(pair.value as Node) };
    }
  }
  for (const retryKey of ['retries', 'max_retries', 'retry']) {
    const pair = findPair(root, retryKey);
    if (!pair) continue;
    const count = retryCount(pair.value);
    if (count !== null) return { retries: count, range: rangeOf(pair.value as Node) };
  }
  return { retries: null, range: null };
}

function readSchedule(root: YAMLMap, document: Document.Parsed): ScheduleFact | null {
  for (const key of SCHEDULE_KEYS) {
    const pair = findPair(root, key);
    if (!pair) continue;
    let value = pair.value;
    if (isMap(value)) value = findPair(value, 'cron')?.value ?? findPair(value, 'schedule')?.value ?? findPair(value, 'interval')?.value ?? null;
    if (isAlias(value)) value = value.resolve(document) ?? null;
    if (value === null || value === undefined) {
      const keyRange = rangeOf(pair.key as Node);
      return keyRange ? { ...keyRange, value: '', kind: 'none' } : null;
    }
    if (!isScalar(value)) continue;
    const range = rangeOf(value);
    if (!range) continue;
    const text = value.value === null || value.value === undefined ? '' : String(value.value);
    return { ...range, value: text, kind: isTemplatedSchedule(text) ? 'other' : scheduleKind(text) };
  }
  return null;
}

function readUpstream(item: YAMLMap): string[] {
  for (const key of UPSTREAM_KEYS) {
    const pair = findPair(item, key);
    if (!pair) continue;
    const value = pair.value;
    if (isScalar(value) && value.value !== null) return [String(value.value)];
    if (isSeq(value)) {
      const names: string[] = [];
      for (const entry of value.items) {
        if (isScalar(entry) && entry.value !== null) names.push(String(entry.value));
        else if (isMap(entry)) {
          const inner = scalarText(entry, 'task_key') ?? scalarText(entry, 'name') ?? scalarText(entry, 'step') ?? scalarText(entry, 'id');
          if (inner) names.push(inner);
        }
      }
      return names;
    }
  }
  return [];
}

function readStringList(item: YAMLMap, key: string): string[] {
  const value = findPair(item, key)?.value;
  if (isScalar(value) && value.value !== null && value.value !== '') return [String(value.value)];
  if (!isSeq(value)) return [];
  const out: string[] = [];
  for (const entry of value.items) {
    if (isScalar(entry) && entry.value !== null) out.push(String(entry.value));
    else if (isMap(entry)) {
      const inner = scalarText(entry, 'path') ?? scalarText(entry, 'table') ?? scalarText(entry, 'name');
      if (inner) out.push(inner);
    }
  }
  return out;
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  for (const pair of map.items) {
    if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === key) return pair as Pair;
  }
  return undefined;
}

function scalarValue(map: YAMLMap, key: string): Node | null {
  const value = findPair(map, key)?.value;
  return isScalar(value) && value.value !== null && value.value !== undefined && String(value.value) !== '' ? value : null;
}

function scalarText(map: YAMLMap, key: string): string | null {
  const node = scalarValue(map, key);
  return node && isScalar(node) ? String(node.value) : null;
}

function rangeOf(node: Node | null | undefined): SourceRange | null {
  const range = node?.range;
  if (!range) return null;
  return { start: range[0], end: range[1] };
}
