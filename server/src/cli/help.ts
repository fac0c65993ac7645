// Help texts. Kept in one place so `--help` and the README's CLI section stay alike.

import { bundledDocsFile } from '../engine/docs';

export const MAIN_HELP = `pipewise: finds what makes data pipelines fail at 3 AM, and fixes it.

Usage: pipewise <command> [options]

Commands:
  check [paths...]   Lint Python, YAML, INI, TOML, .env and key files (default: .)
  review [path]      Pipeline review report, grouped by priority (P1/P2/P3)
  checklist [path]   Production-readiness checklist, ticked from evidence in the code
  design             Pipeline design document from answers (--answers FILE)
  rules              List the rules

Options:
  -h, --help         Show help (also: pipewise <command> --help)
  -V, --version      Show the version

Exit codes: 0 no findings, 1 findings, 2 usage or configuration error, 3 not everything
was checked (a file skipped as too large, binary or unreadable, a file that does not parse or
could not be fully analysed, or no file at all; each is reported in every output format).
`;

export const CHECK_HELP = `Usage: pipewise check [paths...] [options]

Lints the files and folders given (default: .). Folders are walked, skipping .git, node_modules,
virtualenvs, caches, Jupyter checkpoints, .gitignore'd paths and the config's \`exclude\`; named
files are always linted.

Options:
  --format text|json|sarif   Output format (default: text)
  --fix                      Apply safe fixes in place, then report what remains
  --unsafe-fixes             With --fix, apply every finding's preferred fix, safe or not (each
                             is re-parsed and re-linted; review the diff)
  --select IDS               Rules to run, comma-separated ids or prefixes (PW1,PW203); overrides the config
  --ignore IDS               Rules to skip, comma-separated; overrides the config
  --config FILE              Use this pipewise.toml or pyproject.toml instead of discovering one
  --baseline FILE            Report only findings not recorded in this baseline
  --write-baseline FILE      Record the current findings as a baseline (ignoring existing ones) and exit 0
  --fail-on P1|P2|P3         Exit 1 only for findings at this priority or more severe (default: any)
  --no-gitignore             Do not skip files matched by .gitignore
  -j, --jobs N               Lint on N worker threads (default: the available cores, as many as
                             the files left to lint warrant); the output is the same for any N
  --no-cache                 Neither read nor write .pipewise_cache/ (the cache of findings per
                             file content, configuration and Pipewise version, in the folder
                             pipewise runs in; encrypted, ignorable, safe to delete)
  -q, --quiet                Print findings only, no summary or notes
  -h, --help                 Show this help
`;

export const REVIEW_HELP = `Usage: pipewise review [path] [options]

A review of the pipeline in a folder (default: .): every finding grouped by priority with why it
matters and how to fix it, and a verdict. Exits 0 unless --fail-on is given.

Options:
  --format text|markdown|json   Output format (default: text)
  --fail-on P1|P2|P3            Exit 1 when a finding at this priority or more severe exists
  --config FILE                 Use this pipewise.toml or pyproject.toml instead of discovering one
  -h, --help                    Show this help
`;

export const CHECKLIST_HELP = `Usage: pipewise checklist [path] [options]

The production-readiness checklist of the pipeline in a folder (default: .). Each item is ticked
or not from evidence in the code: the findings of the rules that check it (linked), READMEs,
tests, monitoring hooks; items code cannot show are marked "check by hand".

Options:
  --format markdown|json   Output format (default: markdown)
  --fail-on-unchecked      Exit 1 when an item fails
  --config FILE            Use this pipewise.toml or pyproject.toml instead of discovering one
  -h, --help               Show this help
`;

const ANSWERS_DOC = bundledDocsFile('design-answers.md') ?? 'docs/design-answers.md (shipped with Pipewise)';

export const DESIGN_HELP = `Usage: pipewise design --answers FILE [options]

Generates a pipeline design document (architecture decisions with reasons, data flow, quality
gates, error handling, monitoring, security, risks, cost estimate, implementation plan) from a
YAML or JSON answers file. The format is described in ${ANSWERS_DOC}.

Options:
  --answers FILE           The answers (required)
  --out FILE               Write the document to FILE instead of stdout
  --format markdown|json   Output format (default: markdown)
  -h, --help               Show this help
`;

export const RULES_HELP = `Usage: pipewise rules [options]

Lists every rule with its priority, dialects, rationale, recommendation and documentation link.

Options:
  --format text|json   Output format (default: text)
  -h, --help           Show this help
`;
