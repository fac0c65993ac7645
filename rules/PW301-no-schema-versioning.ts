// PW301 no-schema-versioning (project level): a pipeline's stages write files and tables with no
// schema declaration (dtype=/schema= on the write, LoadJobConfig(schema=…), pandera schemas,
// CREATE TABLE with columns, astype({...}) before the write) and the project has no schema or
// migration files. SQL statements that name their columns write tables the database types; an
// INSERT whose columns come from a frame at run time is reported. One finding per pipeline, on
// its config, listing the artifacts.

import path from 'node:path';
import type { Rule, WorkspaceRuleContext } from '../server/src/engine/types';
import { isSchemaFile } from '../server/src/engine/workspace/schema-files';
import { fileText, flowsOf, listNames } from './support/workspace-flows';

const ID = 'PW301';
const CONFIG_SCHEMA_KEY = /^[ \t]*(-\s+)?(schema|schemas|schema_version|table_schema|columns)\s*:/m;
/** A DAG whose load step declares the columns of what it loads (`schema_fields=[…]`, `schema_object=`). */
const DAG_SCHEMA_ARGUMENT = /\bschema_(fields|object)\s*=/;
/** Files that are not datasets with columns a schema could declare: images, scripts, documents, models. */
const NOT_A_DATASET = /\.(json|sql|txt|md|html?|xml|ya?ml|log|pdf|png|jpe?g|gif|svg|webp|pkl|pickle|joblib|zip|tar)$/i;

/** Whether a write produces a dataset with columns to declare: a table or a tabular file written by a data library (not raw `open()` bytes). */
function writesDataset(via: string, name: string): boolean {
  return via !== 'open' && !NOT_A_DATASET.test(name);
}

/** A table name compared across modules: the last dotted part, unquoted, lower-case. */
function tableKey(name: string): string {
  return (name.split('.').pop() ?? name).replace(/["`[\]]/g, '').toLowerCase();
}

function checkWorkspace(ctx: WorkspaceRuleContext): void {
  const view = ctx.workspace;
  const root = view.root;
  const projectSchemas = view.files().some((f) => isSchemaFile(path.relative(root, f)));
  if (projectSchemas) return;
  // Tables some analysed module creates with columns (an `init_db()` in a shared db module): the
  // schema is declared once for every stage that writes them.
  const createdTables = new Set<string>();
  for (const flow of flowsOf(view)) {
    for (const unit of flow.units) {
      for (const ref of [...unit.reads, ...unit.writes]) for (const name of ref.stage.schemaDeclaredFor) createdTables.add(tableKey(name));
      for (const name of unit.stage.schemaDeclaredFor) createdTables.add(tableKey(name));
    }
  }
  for (const flow of flowsOf(view)) {
    const pipeline = flow.pipeline;
    if (!pipeline || flow.units.length === 0) continue;
    const configText = fileText(view, pipeline.path) ?? '';
    if (pipeline.kind === 'yaml' && CONFIG_SCHEMA_KEY.test(configText)) continue;
    if (pipeline.kind === 'airflow' && DAG_SCHEMA_ARGUMENT.test(configText)) continue;
    // By the name as the code writes it: one function run per region is one artifact to declare.
    const missingNames = new Map<string, Set<string>>();
    for (const unit of flow.units) {
      for (const write of unit.writes) {
        if (!writesDataset(write.via, write.written)) continue;
        // An INSERT/upsert naming its columns writes a table the database already types: nothing is inferred.
        if (write.sqlColumns === 'named') continue;
        if (write.kind === 'table' && createdTables.has(tableKey(write.name))) continue;
        if (write.stage.schemaDeclaredFor.includes(write.name) || write.stage.schemaDeclaredFor.includes(write.written)) continue;
        const names = missingNames.get(write.written);
        if (names) names.add(write.name);
        else missingNames.set(write.written, new Set([write.name]));
      }
    }
    // A name every step fills the same way reads best filled (`analytics.orders`, not `{table}`).
    const missing = [...new Set([...missingNames].map(([written, names]) => (names.size === 1 ? [...names][0] : written)))];
    if (missing.length === 0) continue;
    const count = missing.length === 1 ? '1 artifact' : `${missing.length} artifacts`;
    ctx.report({
      path: pipeline.path,
      start: pipeline.anchor.start,
      end: pipeline.anchor.end,
      message: `${pipeline.name} writes ${count} with no declared schema or version (${listNames(missing)}); declare the columns and types (dtype=, a pandera schema, LoadJobConfig(schema=…)) and version table changes with migrations`,
      fingerprintText: `${pipeline.name} schema`,
    });
  }
}

export const noSchemaVersioning: Rule = {
  meta: {
    id: ID,
    slug: 'no-schema-versioning',
    title: 'No schema versioning',
    priority: 'P3',
    dialects: ['yaml', 'python'],
    rationale: 'Without a declared schema, types are whatever pandas infers on the day: a column that is all null tonight changes type, an upstream rename silently creates a new column, and nobody can tell which version of the table a report was built on.',
    recommendation: 'Declare the schema of what each stage writes (dtype=, pyarrow/pandera schemas, LoadJobConfig(schema=…), CREATE TABLE) and keep table changes in versioned migrations.',
    fixable: false,
  },
  checkWorkspace,
};
