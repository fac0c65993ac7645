import { PD, PIPELINE, SALES_ETL, STAGE, twoStages, withFiles, type WorkspaceRuleCases } from './cases';

const SRC = 'orders = pd.read_json("https://api.example.com/orders")';
const OUT = 'orders.to_parquet("/data/out/orders.parquet")';
const pair = (path: string, imports = PD, extraRead: string[] = []) => twoStages([SRC, `orders.to_csv(${path}, index=False)`], [`orders = pd.read_csv(${path})`, ...extraRead, 'assert len(orders) > 0', OUT], imports);

const cases: WorkspaceRuleCases = {
  rule: 'PW205',
  flagged: [
    { name: 'the sales ETL: both /tmp intermediates stay behind', files: SALES_ETL, expect: ['sales_etl/extract.py:8', 'sales_etl/transform.py:7'] },
    { name: '/var/tmp through a variable', files: twoStages([SRC, 'path = "/var/tmp/orders.csv"', 'orders.to_csv(path)'], ['path = "/var/tmp/orders.csv"', 'orders = pd.read_csv(path)', 'assert len(orders)', OUT]), expect: ['etl/produce.py:7'] },
    { name: 'relative tmp/ folder', files: pair('"tmp/orders.csv"'), expect: ['etl/produce.py:6'] },
    { name: 'tempfile.gettempdir() joined with a fixed name', files: pair('os.path.join(tempfile.gettempdir(), "orders.csv")', `${PD}\nimport os\nimport tempfile`), expect: ['etl/produce.py:8'] },
    { name: 'a *_tmp file name in a data folder', files: pair('"data/orders_tmp.csv"'), expect: ['etl/produce.py:6'] },
    { name: 'scripts in one folder without a pipeline config', files: { 'jobs/a.py': STAGE(PD, [SRC, 'orders.to_csv("/tmp/orders.csv")']), 'jobs/b.py': STAGE(PD, ['orders = pd.read_csv("/tmp/orders.csv")', OUT]) }, expect: ['jobs/a.py:6'] },
    { name: 'removing another file does not clean this one', files: pair('"/tmp/orders.csv"', `${PD}\nimport os`, ['os.remove("/tmp/other.csv")']), expect: ['etl/produce.py:7'] },
    { name: 'a pickle handoff in /dev/shm', files: twoStages([SRC, 'orders.to_pickle("/dev/shm/orders.pkl")'], ['orders = pd.read_pickle("/dev/shm/orders.pkl")', 'assert not orders.empty', OUT]), expect: ['etl/produce.py:6'] },
  ],
  notFlagged: [
    { name: 'the consumer removes it with os.remove', files: pair('"/tmp/orders.csv"', `${PD}\nimport os`, ['os.remove("/tmp/orders.csv")']), expect: [] },
    { name: 'the consumer removes it with Path.unlink', files: pair('"/tmp/orders.csv"', `${PD}\nfrom pathlib import Path`, ['Path("/tmp/orders.csv").unlink()']), expect: [] },
    { name: 'the folder is removed with shutil.rmtree', files: pair('"/tmp/etl/orders.csv"', `${PD}\nimport shutil`, ['shutil.rmtree("/tmp/etl")']), expect: [] },
    { name: 'a run id in the path', files: pair('f"/tmp/{run_id}/orders.csv"'), expect: [] },
    { name: 'an Airflow template in the path', files: pair('"/tmp/{{ ds }}/orders.csv"'), expect: [] },
    { name: 'a date-stamped name', files: pair('f"/tmp/orders_{datetime.now():%Y%m%d}.csv"'), expect: [] },
    { name: 'a persisted data layer, not a temp file', files: pair('"data/processed/orders.csv"'), expect: [] },
    { name: 'a /tmp file no later stage reads', files: twoStages([SRC, 'orders.to_csv("/tmp/export.csv")'], ['orders = pd.read_csv("/data/in.csv")', 'assert len(orders)', OUT]), expect: [] },
    { name: 'a path from a function parameter', files: withFiles(pair('"/x"'), { 'etl/produce.py': `${PD}\n\n\ndef run(path):\n    orders = pd.read_json("https://x")\n    orders.to_csv(path)\n` }), expect: [] },
    { name: 'a temp folder from tempfile.mkdtemp()', files: pair('os.path.join(workdir, "orders.csv")', `${PD}\nimport os\nimport tempfile\n\nworkdir = tempfile.mkdtemp()`), expect: [] },
    { name: 'separate pipelines in separate folders', files: { 'a/pipeline.yaml': PIPELINE(['run.py']), 'a/run.py': STAGE(PD, [SRC, 'orders.to_csv("/tmp/orders.csv")']), 'b/pipeline.yaml': PIPELINE(['run.py']), 'b/run.py': STAGE(PD, ['orders = pd.read_csv("/tmp/orders.csv")', OUT]) }, expect: [] },
  ],
};

export default cases;
