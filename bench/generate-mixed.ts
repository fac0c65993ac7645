// A deterministic module that mixes pipeline functions with standard-library-style code (text
// utilities, small classes, path and collection helpers), as large real modules do. Two uses:
//   - `select-star`: every pipeline function extracts with `SELECT *`, drops nulls and appends
//     (PW103, PW104, PW201, PW203: ≈ 1,300 findings in 9,500 lines), a third of the text;
//   - `typical`: the maintained pipeline functions of generate-pipeline.ts mixed in, for a
//     100,000-line file that stays under the 5 MB analysis limit.

import { createRandom, pipelineFunctionLines, TABLES, type GeneratedPipeline } from './generate-pipeline';

export type MixedStyle = 'select-star' | 'typical';

const HEADER = [
  '"""Warehouse sync with its text, path and caching helpers in one module."""',
  'import collections',
  'import itertools',
  'import logging',
  'import os',
  'import re',
  'import string',
  '',
  'import pandas as pd',
  'from sqlalchemy import create_engine',
  '',
  'logger = logging.getLogger(__name__)',
  'engine = create_engine(os.environ["WAREHOUSE_URL"])',
  '_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")',
  '',
  '',
];

function selectStarLines(i: number, random: (n: number) => number): string[] {
  const table = TABLES[random(TABLES.length)];
  return [
    `def sync_${table}_${i}(run_date):`,
    `    # copy ${table} into the history table for one run date`,
    `    frame_${i} = pd.read_sql("SELECT * FROM ${table}", engine)`,
    `    frame_${i} = frame_${i}.dropna()`,
    `    frame_${i}.to_sql("${table}_history", engine, if_exists="append", index=False)`,
    `    return len(frame_${i})`,
    '',
    '',
  ];
}

/** Standard-library-style code: no I/O to report, but names, loops, comprehensions and classes to analyse. */
function libraryLines(i: number, random: (n: number) => number): string[] {
  switch (random(6)) {
    case 0:
      return [
        `def split_words_${i}(text, sep=None, limit=-1):`,
        `    """Split text into lower-case words, skipping empty parts (helper ${i})."""`,
        '    words = []',
        '    for part in re.split(sep or r"\\s+", text, maxsplit=max(limit, 0)):',
        '        if not part:',
        '            continue',
        '        # normalise before counting',
        '        words.append(part.strip(string.punctuation).lower())',
        '    return [word for word in words if word]',
        '',
        '',
      ];
    case 1:
      return [
        `class LineCache${i}:`,
        `    """A small least-recently-used cache of parsed lines (${i})."""`,
        '',
        '    def __init__(self, size=128):',
        '        self.size = size',
        '        self.entries = collections.OrderedDict()',
        '',
        '    def get(self, key, default=None):',
        '        try:',
        '            value = self.entries.pop(key)',
        '        except KeyError:',
        '            return default',
        '        self.entries[key] = value',
        '        return value',
        '',
        '    def put(self, key, value):',
        '        self.entries.pop(key, None)',
        '        self.entries[key] = value',
        '        while len(self.entries) > self.size:',
        '            self.entries.popitem(last=False)',
        '',
        '',
      ];
    case 2:
      return [
        `def common_prefix_${i}(paths):`,
        `    """The longest common leading component of paths (${i})."""`,
        '    if not paths:',
        '        return ""',
        '    parts = [os.path.normpath(p).split(os.sep) for p in paths]',
        '    prefix = []',
        '    for column in zip(*parts):',
        '        if any(item != column[0] for item in column):',
        '            break',
        '        prefix.append(column[0])',
        '    return os.sep.join(prefix)',
        '',
        '',
      ];
    case 3:
      return [
        `def chunked_${i}(iterable, size):`,
        `    """Yield lists of at most size items (${i})."""`,
        '    iterator = iter(iterable)',
        '    while True:',
        '        batch = list(itertools.islice(iterator, size))',
        '        if not batch:',
        '            return',
        '        yield batch',
        '',
        '',
      ];
    case 4:
      return [
        `def identifiers_${i}(source):`,
        `    """Count identifiers in source text (${i})."""`,
        '    counts = collections.Counter()',
        '    for line_number, line in enumerate(source.splitlines(), start=1):',
        '        stripped = line.split("#", 1)[0]',
        '        for match in _WORD.finditer(stripped):',
        '            counts[match.group(0)] += 1',
        '    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))',
        '    return dict(ordered[:50])',
        '',
        '',
      ];
    default:
      return [
        `def format_table_${i}(rows, headers=(), padding=1):`,
        `    """Render rows as a plain-text table (${i})."""`,
        '    columns = list(zip(*([headers] if headers else []), *rows))',
        '    widths = [max(len(str(cell)) for cell in column) + padding for column in columns]',
        '    lines = []',
        '    for row in ([headers] if headers else []) + list(rows):',
        '        cells = [str(cell).ljust(width) for cell, width in zip(row, widths)]',
        '        lines.append(" | ".join(cells).rstrip())',
        '    return "\\n".join(lines)',
        '',
        '',
      ];
  }
}

/** `pipelineShare`: the share of functions that are pipeline code (select-star: ≈ 30 % of the lines). */
export function generateMixedModule(targetLines: number, seed = 42, style: MixedStyle = 'select-star', pipelineShare = style === 'select-star' ? 0.4 : 0.25): GeneratedPipeline {
  const random = createRandom(seed);
  const lines = [...HEADER];
  for (let i = 0; lines.length < targetLines - 3; i++) {
    if (Math.floor((i + 1) * pipelineShare) > Math.floor(i * pipelineShare)) lines.push(...(style === 'select-star' ? selectStarLines(i, random) : pipelineFunctionLines(i, random, 'typical')));
    else lines.push(...libraryLines(i, random));
  }
  lines.length = Math.min(lines.length, targetLines - 3);
  lines.push('', 'if __name__ == "__main__":', '    print(_WORD.pattern)');
  const text = `${lines.join('\n')}\n`;
  const editSites: number[] = [];
  let offset = 0;
  for (const line of lines) {
    // Inside function bodies: the second character of a local name, or the text of a comment.
    const body = /^ {4,8}(?:# |([a-z]+)(?:_\d+)? = )/.exec(line);
    if (body) editSites.push(offset + (body[1] ? line.search(/\S/) + 1 : line.indexOf('# ') + 4));
    offset += line.length + 1;
  }
  const moduleEditSites = [text.indexOf('"WAREHOUSE_URL"') + 4, text.indexOf('logger = logging') + 2];
  return { text, editSites, moduleEditSites };
}
