// Which files `check` lints, and which findings survive configuration and suppressions.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { EXTRACT_PY, SECRET_URL, ensureBuilt, makeProject, removeProject, runCli } from './helpers';

function reportedFiles(stdout: string): string[] {
  return [...new Set((JSON.parse(stdout) as Array<{ file: string }>).map((f) => f.file))].sort();
}

describe('file discovery', () => {
  let dir: string;
  before(() => {
    ensureBuilt();
    dir = makeProject({
      'extract.py': EXTRACT_PY,
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': 'build/\n*.generated.py\n!keep.generated.py\n',
      'build/out.py': EXTRACT_PY,
      'gen.generated.py': EXTRACT_PY,
      'keep.generated.py': EXTRACT_PY,
      'jobs/.gitignore': 'scratch.py\n',
      'jobs/scratch.py': EXTRACT_PY,
      'jobs/load.py': EXTRACT_PY,
      'other/scratch.py': EXTRACT_PY,
      'node_modules/pkg/x.py': EXTRACT_PY,
      '.venv/lib/site.py': EXTRACT_PY,
      'venv/lib/site.py': EXTRACT_PY,
      '__pycache__/x.py': EXTRACT_PY,
      '.tox/x.py': EXTRACT_PY,
      '.mypy_cache/x.py': EXTRACT_PY,
      'notebooks/.ipynb_checkpoints/extract-checkpoint.py': EXTRACT_PY,
      'app/.cursor/skills/sdk/examples/auth.py': EXTRACT_PY,
      '.claude/commands/probe.py': EXTRACT_PY,
      'notes.txt': SECRET_URL,
      'conf/app.ini': '[db]\npassword = Zq7-wombat-Secret\n',
    });
  });
  after(() => removeProject(dir));

  test('walks folders, honouring root and nested .gitignore files and skipping tool folders', () => {
    const { stdout } = runCli(['check', '--format', 'json'], dir);
    assert.deepEqual(reportedFiles(stdout), ['conf/app.ini', 'extract.py', 'jobs/load.py', 'keep.generated.py', 'other/scratch.py']);
  });

  test('outside a git repository (an exported archive) .gitignore hides nothing: every file there was committed', () => {
    const exported = makeProject({ '.gitignore': 'src/*\n    !src/extract.py\n', 'src/extract.py': EXTRACT_PY, 'main.py': EXTRACT_PY, 'venv/lib/site.py': EXTRACT_PY });
    try {
      const { stdout } = runCli(['check', '--format', 'json'], exported);
      assert.deepEqual(reportedFiles(stdout), ['main.py', 'src/extract.py']);
    } finally {
      removeProject(exported);
    }
  });

  test('--no-gitignore lints ignored files too', () => {
    const { stdout } = runCli(['check', '--format', 'json', '--no-gitignore'], dir);
    assert.ok(reportedFiles(stdout).includes('build/out.py'));
    assert.ok(reportedFiles(stdout).includes('jobs/scratch.py'));
    assert.ok(!reportedFiles(stdout).some((f) => f.startsWith('node_modules/') || f.includes('venv/')));
  });

  test('files named on the command line are linted even when ignored', () => {
    const { status, stdout } = runCli(['check', '--format', 'json', 'build/out.py', 'jobs/scratch.py'], dir);
    assert.equal(status, 1);
    assert.deepEqual(reportedFiles(stdout), ['build/out.py', 'jobs/scratch.py']);
  });

  test('a named file of an unknown kind is skipped with a warning, and a run that checked nothing says so (exit 3)', () => {
    const { status, stdout, stderr } = runCli(['check', 'notes.txt'], dir);
    assert.equal(status, 3);
    assert.match(stderr, /^pipewise: warning: skipping notes\.txt: /m);
    assert.match(stdout, /^No files checked/m);
  });

  test('files over their size limit (Python 640 kB, YAML 512 kB, others 5 MB) and binary files are reported as not checked, and the run exits 3', () => {
    const project = makeProject({
      'big.py': `${'# padding\n'.repeat(110_000)}URL = "${SECRET_URL}"\n`,
      'big.yaml': `${'# padding\n'.repeat(55_000)}url: "${SECRET_URL}"\n`,
      'big.env': `${'# padding\n'.repeat(600_000)}URL=${SECRET_URL}\n`,
      'mid.env': `${'# padding\n'.repeat(110_000)}X=1\n`,
      'blob.py': Buffer.from([0x78, 0x3d, 0x00, 0x31, 0x0a]),
      'ok.py': 'x = 1\n',
    });
    try {
      const { status, stdout } = runCli(['check'], project);
      assert.equal(status, 3, stdout);
      assert.match(stdout, /^big\.py:1:1: not checked: larger than 640 kB, the analysis limit for Python$/m);
      assert.match(stdout, /^big\.yaml:1:1: not checked: larger than 512 kB, the analysis limit for YAML$/m);
      assert.match(stdout, /^big\.env:1:1: not checked: larger than 5 MB$/m);
      assert.match(stdout, /^blob\.py:1:1: not checked: binary file$/m);
      assert.match(stdout, /Checked 2 files in \d+\.\d s: no findings\. 4 files not fully checked/);
      const json = JSON.parse(runCli(['check', '--format', 'json'], project).stdout) as Array<{ rule: string; file: string; message: string }>;
      assert.deepEqual(json.map((entry) => [entry.rule, entry.file, entry.message]), [
        ['PW000', 'big.env', 'not checked: larger than 5 MB'],
        ['PW000', 'big.py', 'not checked: larger than 640 kB, the analysis limit for Python'],
        ['PW000', 'big.yaml', 'not checked: larger than 512 kB, the analysis limit for YAML'],
        ['PW000', 'blob.py', 'not checked: binary file'],
      ]);
    } finally {
      removeProject(project);
    }
  });
});

describe('configuration and suppressions', () => {
  before(() => ensureBuilt());

  test('config `exclude` globs skip files and folders (explicit files are still linted)', () => {
    const dir = makeProject({
      'pipewise.toml': 'exclude = ["legacy/**", "**/*_fixture.py"]\n',
      'legacy/old.py': EXTRACT_PY,
      'jobs/db_fixture.py': EXTRACT_PY,
      'jobs/extract.py': EXTRACT_PY,
    });
    try {
      assert.deepEqual(reportedFiles(runCli(['check', '--format', 'json'], dir).stdout), ['jobs/extract.py']);
      // Globs are relative to the config's folder, wherever the command runs from.
      assert.equal(runCli(['check', '.'], `${dir}/legacy`).status, 3, 'nothing left to check is said, not passed');
      assert.deepEqual(reportedFiles(runCli(['check', '--format', 'json', 'legacy/old.py'], dir).stdout), ['legacy/old.py']);
    } finally {
      removeProject(dir);
    }
  });

  test('[tool.pipewise] in pyproject.toml and --config are honoured', () => {
    const dir = makeProject({
      'pyproject.toml': '[project]\nname = "etl"\n\n[tool.pipewise]\nignore = ["PW101"]\n',
      'strict.toml': 'select = ["ALL"]\n',
      'extract.py': EXTRACT_PY,
    });
    try {
      assert.equal(runCli(['check'], dir).status, 0);
      assert.equal(runCli(['check', '--config', 'strict.toml'], dir).status, 1);
    } finally {
      removeProject(dir);
    }
  });

  test('--select and --ignore override the config', () => {
    const dir = makeProject({ 'pipewise.toml': 'ignore = ["PW101"]\n', 'extract.py': EXTRACT_PY });
    try {
      assert.equal(runCli(['check'], dir).status, 0);
      assert.equal(runCli(['check', '--ignore', 'PW2'], dir).status, 1, '--ignore replaces the config list');
      assert.equal(runCli(['check', '--ignore', 'PW2', '--select', 'PW2,PW3'], dir).status, 0);
      assert.equal(runCli(['check', '--ignore', 'PW2', '--select', 'PW1'], dir).status, 1);
      assert.equal(runCli(['check', '--select', 'PW1', '--ignore', 'hardcoded-credential'], dir).status, 0);
    } finally {
      removeProject(dir);
    }
  });

  test('suppression comments are respected', () => {
    const url = `"${SECRET_URL}"`;
    const dir = makeProject({
      'eol.py': `import psycopg2\nconn = psycopg2.connect(${url})  # pipewise: ignore[PW101]\n`,
      'above.py': `import psycopg2\n# pipewise: ignore[PW203, PW101]\nconn = psycopg2.connect(${url})\n`,
      'all.py': `import psycopg2\nconn = psycopg2.connect(${url})  # pipewise: ignore\n`,
      'whole.py': `# pipewise: ignore-file[PW101]\nimport psycopg2\nconn = psycopg2.connect(${url})\n`,
      'other-rule.py': `import psycopg2\nconn = psycopg2.connect(${url})  # pipewise: ignore[PW203]\n`,
      'settings.yaml': `db:\n  url: ${SECRET_URL}  # pipewise: ignore[PW101]\n`,
    });
    try {
      // Scoped to PW101: these one-line connects also do I/O without logging (PW204), which is not
      // what the comments are about.
      const { stdout } = runCli(['check', '--select', 'PW101', '--format', 'json'], dir);
      assert.deepEqual(reportedFiles(stdout), ['other-rule.py']);
    } finally {
      removeProject(dir);
    }
  });
});
