import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { formatProblem, parseAnswersText, validateAnswers } from '../../server/src/design/answers';
import { generateDesign } from '../../server/src/design/index';
import { readAnswers } from './helpers';

const DOC = readFileSync(path.join(__dirname, '../../docs/design-answers.md'), 'utf8');
const blocks = (language: string) => [...DOC.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);

test('docs/design-answers.md: the YAML and JSON examples are valid and say the same thing', () => {
  const [yamlExample] = blocks('yaml');
  const [jsonExample] = blocks('json');
  const fromYaml = validateAnswers(parseAnswersText(yamlExample));
  const fromJson = validateAnswers(parseAnswersText(jsonExample));
  assert.ok(fromYaml.ok && fromJson.ok);
  assert.deepEqual({ ...fromJson.answers, sources: fromJson.answers.sources.map((s) => ({ ...s, details: undefined })) }, {
    ...fromYaml.answers,
    sources: fromYaml.answers.sources.map((s) => ({ ...s, details: undefined })),
  });
  assert.deepEqual(parseAnswersText(yamlExample), readAnswers('kafka-snowflake.yaml'), 'the doc example is the test fixture');
});

test('docs/design-answers.md: the stated outcome matches the generated design', () => {
  const { design } = generateDesign(parseAnswersText(blocks('yaml')[0]));
  assert.equal(design.decisions.pattern.id, 'hybrid');
  assert.equal(design.decisions.interval.minutes, 5);
  const stated = Number(/about \$([\d,]+) a month/.exec(DOC)![1].replace(',', ''));
  assert.ok(Math.abs(design.cost.totalUsd - stated) < 10, `${design.cost.totalUsd} vs ${stated}`);
});

test('docs/design-answers.md: every error shown is the message Pipewise prints', () => {
  const shown = blocks('text')[0].trim().split('\n');
  const result = validateAnswers({
    sorces: [],
    sources: [{ type: 'kafka-ish', name: 'e', volume: '-5 GB/day' }],
    destination: 'snowflake',
    latency: { mode: 'batch', freshness_minutes: -5 },
  });
  assert.ok(!result.ok);
  const printed = result.problems.map(formatProblem);
  for (const line of shown) assert.ok(printed.includes(line), line);
});
