import path from 'node:path';
import type { RuleCases } from '../../helpers/rule-tester';

// PW402 stats the disk: the cases lint configs placed in a committed fixture folder whose
// existing targets are extract.py, transform.py, etl/__init__.py, etl/clean.py, pkg/__init__.py,
// jobs/nightly/run.py, sql/report.sql and scripts/load.sh.
const DIR = path.join(__dirname, '..', '..', 'fixtures', 'workspaces', 'pipeline-targets');
const CONFIG = path.join(DIR, 'pipeline.yaml');
const JOBS = path.join(DIR, 'jobs.yaml');

const cases: RuleCases = {
  rule: 'PW402',
  flagged: [
    { name: 'missing script', file: CONFIG, code: 'name: sales\nsteps:\n  - name: extract\n    script: extract.py\n  - name: enrich\n    script: «enrich.py»\n', priority: 'P1', message: /Step enrich runs enrich\.py, which does not exist next to pipeline\.yaml/ },
    { name: 'quoted script', file: CONFIG, code: 'name: sales\nsteps:\n  - name: extract\n    script: «"extract_v2.py"»\n' },
    { name: 'file key in a subfolder', file: CONFIG, code: 'name: sales\nsteps:\n  - name: cleanup\n    file: «scripts/cleanup.py»\n', message: /scripts\/cleanup\.py/ },
    { name: 'module that resolves to nothing', file: CONFIG, code: 'name: sales\nsteps:\n  - name: reconcile\n    module: «etl.reconcile»\n', message: /etl\/reconcile\.py/ },
    { name: 'module in a package without that submodule', file: CONFIG, code: 'name: sales\nsteps:\n  - name: publish\n    module: «pkg.publish»\n' },
    { name: 'python command', file: CONFIG, code: 'name: orders\nsteps:\n  - name: load\n    command: python «load_orders.py»\n' },
    { name: 'python3 -u with arguments', file: CONFIG, code: 'name: orders\nsteps:\n  - name: nightly\n    command: "python3 -u «jobs/nightly/rebuild.py» --date 2024-01-01"\n' },
    { name: 'python -m in run', file: CONFIG, code: 'name: orders\nsteps:\n  - name: audit\n    run: python -m «etl.audit»\n' },
    { name: 'bash script command', file: CONFIG, code: 'name: orders\nsteps:\n  - name: refresh\n    command: bash «scripts/refresh.sh»\n' },
    { name: 'dot-slash path', file: CONFIG, code: 'name: orders\nsteps:\n  - name: transform\n    script: «./stage/transform.py»\n' },
    { name: 'parent folder path', file: CONFIG, code: 'name: orders\nsteps:\n  - name: extract\n    script: «../shared/extract.py»\n' },
    { name: 'tasks list in another YAML file', file: JOBS, code: 'name: inventory\ntasks:\n  - name: snapshot\n    script: «snapshot.py»\n', message: /next to jobs\.yaml/ },
    { name: 'missing SQL file', file: CONFIG, code: 'name: reports\nsteps:\n  - name: weekly\n    file: «sql/weekly.sql»\n' },
    { name: 'only the missing one of several', file: CONFIG, code: 'name: sales\nsteps:\n  - name: extract\n    script: extract.py\n  - name: transform\n    script: transform.py\n  - name: load\n    script: «load.py»\n' },
    { name: 'bare script in run', file: CONFIG, code: 'name: sales\nsteps:\n  - name: clean\n    run: «etl/clean_v2.py» --full\n' },
    { name: 'steps named by id', file: JOBS, code: 'id: ingest\ntasks:\n  - id: fetch\n    script: «fetch.sh»\n', message: /Step fetch/ },
    { name: 'steps named by task_key', file: JOBS, code: 'name: lakehouse\ntasks:\n  - task_key: bronze\n    file: «notebooks/bronze.py»\n' },
    { name: 'two missing targets', file: CONFIG, code: 'name: sales\nsteps:\n  - name: a\n    script: «a.py»\n  - name: b\n    module: «b»\n' },
  ],
  notFlagged: [
    { name: 'existing scripts', file: CONFIG, code: 'name: sales\nschedule: "0 2 * * *"\nsteps:\n  - name: extract\n    script: extract.py\n  - name: transform\n    script: transform.py\n' },
    { name: 'module that exists', file: CONFIG, code: 'name: sales\nsteps:\n  - name: clean\n    module: etl.clean\n' },
    { name: 'module resolving to a package __init__.py', file: CONFIG, code: 'name: sales\nsteps:\n  - name: etl\n    module: etl\n  - name: pkg\n    module: pkg\n' },
    { name: 'existing script in a python command', file: CONFIG, code: 'name: sales\nsteps:\n  - name: nightly\n    command: python jobs/nightly/run.py --full-refresh\n' },
    { name: 'existing SQL and shell files', file: CONFIG, code: 'name: sales\nsteps:\n  - name: report\n    file: sql/report.sql\n  - name: load\n    command: bash scripts/load.sh\n' },
    { name: 'dbt command is not a script', file: CONFIG, code: 'name: marts\nsteps:\n  - name: models\n    command: dbt run --select sales\n' },
    { name: 'templated script path', file: CONFIG, code: 'name: sales\nsteps:\n  - name: extract\n    script: "{{ params.script }}"\n' },
    { name: 'environment-variable path', file: CONFIG, code: 'name: sales\nsteps:\n  - name: extract\n    script: ${SCRIPTS_DIR}/extract_all.py\n' },
    { name: 'absolute path inside the runtime image', file: CONFIG, code: 'name: sales\nsteps:\n  - name: extract\n    script: /opt/airflow/scripts/extract_all.py\n' },
    { name: 'python -c one-liner', file: CONFIG, code: 'name: sales\nsteps:\n  - name: ping\n    command: python -c "print(1)"\n' },
    { name: 'executable on PATH', file: CONFIG, code: 'name: sales\nsteps:\n  - name: build\n    script: make\n' },
    { name: 'inline multi-line script', file: CONFIG, code: 'name: sales\nsteps:\n  - name: all\n    script: |\n      python extract.py\n      python missing.py\n' },
    { name: 'object-storage URL', file: CONFIG, code: 'name: sales\nsteps:\n  - name: spark\n    file: s3://jobs-bucket/spark/aggregate.py\n' },
    { name: 'shell one-liner', file: CONFIG, code: 'name: sales\nsteps:\n  - name: notify\n    command: sh -c "echo done"\n' },
    { name: 'home-relative path', file: CONFIG, code: 'name: sales\nsteps:\n  - name: extract\n    script: ~/bin/extract_all.py\n' },
    { name: 'Azure Pipelines steps are CI, not a pipeline config', file: path.join(DIR, 'azure-pipelines.yml'), code: 'trigger:\n  - main\npool:\n  vmImage: ubuntu-latest\nsteps:\n  - script: python missing_tests.py\n    displayName: Run tests\n' },
    { name: 'Buildkite pipeline.yml', file: path.join(DIR, '.buildkite', 'pipeline.yml'), code: 'steps:\n  - label: ":hammer: tests"\n    command: scripts/missing.sh\n' },
    { name: 'GitHub-style uses steps', file: path.join(DIR, 'workflow.yml'), code: 'steps:\n  - uses: actions/checkout@v4\n  - run: python missing.py\n' },
    { name: 'config not on disk (unsaved editor buffer)', file: path.join(DIR, 'no-such-folder', 'pipeline.yaml'), code: 'name: sales\nsteps:\n  - name: extract\n    script: missing.py\n' },
    { name: 'not a pipeline config', file: path.join(DIR, 'docker-compose.yml'), code: 'services:\n  etl:\n    command: python missing.py\n' },
  ],
  fixes: [],
};

export default cases;
