import { PD, PIPELINE, STAGE, type WorkspaceRuleCases } from './cases';

const SRC = 'orders = pd.read_json("https://api.example.com/orders")';
const W = (p: string) => `orders.to_csv("${p}", index=False)`;
const R = (p: string) => `orders = pd.read_csv("${p}")`;
const OUT = 'orders.to_parquet("/data/out/orders.parquet")';

const steps = (order: string[], scripts: Record<string, string[]>, extra = '') => ({
  'etl/pipeline.yaml': PIPELINE(order, extra),
  ...Object.fromEntries(Object.entries(scripts).map(([name, body]) => [`etl/${name}`, STAGE(PD, body)])),
});

const DEPENDS = (items: Array<[string, string[]]>) =>
  `name: orders\nsteps:\n${items.map(([s, deps]) => `  - name: ${s.replace('.py', '')}\n    script: ${s}\n${deps.length ? `    depends_on: [${deps.join(', ')}]\n` : ''}`).join('')}`;

const DECLARED = (items: Array<[string, string[], string[]]>) =>
  `name: orders\nsteps:\n${items.map(([s, ins, outs]) => `  - name: ${s}\n    script: ${s}.py\n    inputs: [${ins.join(', ')}]\n    outputs: [${outs.join(', ')}]\n`).join('')}`;

const cases: WorkspaceRuleCases = {
  rule: 'PW405',
  flagged: [
    { name: 'transform listed before extract', files: steps(['transform.py', 'extract.py'], { 'extract.py': [SRC, W('/tmp/o.csv')], 'transform.py': [R('/tmp/o.csv'), OUT] }), expect: ['etl/transform.py:5'] },
    { name: 'load before transform in a three-step pipeline', files: steps(['extract.py', 'load.py', 'transform.py'], { 'extract.py': [SRC, W('/tmp/a.csv')], 'transform.py': [R('/tmp/a.csv'), W('/tmp/b.csv')], 'load.py': [R('/tmp/b.csv'), OUT] }), expect: ['etl/load.py:5'] },
    { name: 'depends_on makes the reader run first', files: { 'etl/pipeline.yaml': DEPENDS([['report.py', []], ['build.py', ['report']]]), 'etl/build.py': STAGE(PD, [SRC, W('/data/x.csv')]), 'etl/report.py': STAGE(PD, [R('/data/x.csv'), OUT]) }, expect: ['etl/report.py:5'] },
    { name: 'a later step overwrites what a middle step read', files: steps(['a.py', 'b.py', 'c.py'], { 'a.py': [SRC, W('/data/x.csv')], 'b.py': [R('/data/x.csv'), OUT], 'c.py': [SRC, W('/data/x.csv')] }), expect: ['etl/b.py:5'] },
    { name: 'declared inputs of a step output only later', files: { 'etl/pipeline.yaml': DECLARED([['transform', ['raw.orders'], ['mart.orders']], ['extract', [], ['raw.orders']]]) }, expect: ['etl/pipeline.yaml:3'] },
    { name: 'declared file input produced later', files: { 'etl/pipeline.yaml': DECLARED([['load', ['/tmp/clean.csv'], []], ['clean', [], ['/tmp/clean.csv']]]) }, expect: ['etl/pipeline.yaml:3'] },
    {
      name: 'an Airflow DAG runs the loader imported from its package before the extract that writes its input',
      files: {
        'etl/__init__.py': '',
        'etl/tasks.py': `${PD}\n\n\ndef extract():\n    ${SRC}\n    ${W('/data/staging/orders.csv')}\n\n\ndef load():\n    ${R('/data/staging/orders.csv')}\n    ${OUT}\n`,
        'dags/orders.py': 'from airflow import DAG\nfrom airflow.operators.python import PythonOperator\n\nfrom etl.tasks import extract, load\n\nwith DAG("orders", schedule="@daily") as dag:\n    PythonOperator(task_id="load", python_callable=load) >> PythonOperator(task_id="extract", python_callable=extract)\n',
      },
      expect: ['etl/tasks.py:10'],
    },
    { name: 'path through a variable', files: steps(['b.py', 'a.py'], { 'a.py': [SRC, 'target = "/data/x.parquet"', 'orders.to_parquet(target)'], 'b.py': ['source = "/data/x.parquet"', 'orders = pd.read_parquet(source)', OUT] }), expect: ['etl/b.py:6'] },
  ],
  notFlagged: [
    { name: 'steps in data order', files: steps(['extract.py', 'transform.py'], { 'extract.py': [SRC, W('/tmp/o.csv')], 'transform.py': [R('/tmp/o.csv'), OUT] }), expect: [] },
    { name: 'a watermark read first and saved last', files: steps(['extract.py', 'load.py'], { 'extract.py': ['with open("state/watermark.json") as f:', '    since = f.read()', SRC, W('/tmp/o.csv')], 'load.py': [R('/tmp/o.csv'), OUT, 'with open("state/watermark.json", "w") as f:', '    f.write("x")'] }), expect: [] },
    { name: 'a step that updates its own file in place', files: steps(['a.py', 'b.py'], { 'a.py': [R('/data/x.csv'), W('/data/x.csv')], 'b.py': [SRC, W('/data/x.csv')] }), expect: [] },
    { name: 'parallel branches are not ordered', files: { 'etl/pipeline.yaml': DEPENDS([['start.py', []], ['left.py', ['start']], ['right.py', ['start']]]), 'etl/start.py': STAGE(PD, [SRC, OUT]), 'etl/left.py': STAGE(PD, [R('/data/r.csv'), W('/data/l.csv')]), 'etl/right.py': STAGE(PD, [SRC, W('/data/r.csv')]) }, expect: [] },
    { name: 'a table the first step reads and the last writes (source vs warehouse)', files: steps(['extract.py', 'load.py'], { 'extract.py': ['orders = pd.read_sql("SELECT * FROM orders WHERE id > 1", conn)', W('/tmp/o.csv')], 'load.py': [R('/tmp/o.csv'), 'orders.to_sql("orders", engine, if_exists="replace")'] }), expect: [] },
    { name: 'declared inputs produced earlier', files: { 'etl/pipeline.yaml': DECLARED([['extract', [], ['raw.orders']], ['transform', ['raw.orders'], ['mart.orders']]]) }, expect: [] },
    { name: 'scripts without a pipeline config are never ordered', files: { 'jobs/a.py': STAGE(PD, [R('/data/x.csv'), OUT]), 'jobs/b.py': STAGE(PD, [SRC, W('/data/x.csv')]) }, expect: [] },
    { name: 'a checkpoint file', files: steps(['a.py', 'b.py'], { 'a.py': [R('/data/checkpoint.csv'), OUT], 'b.py': [SRC, W('/data/checkpoint.csv')] }), expect: [] },
  ],
};

export default cases;
