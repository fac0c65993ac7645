// Renders a design as Markdown (stable section headings, for people and for tests) and as
// JSON (`pipewise design --format json`: the decided design as data).

import { formatFactor, type CostRow } from './cost';
import type { Decision } from './decision';
import { grainAdjective } from './decide';
import { listDecisions, type Design } from './design';
import { formatBytes, formatMinutes, formatNumber, formatUsd, inSentence } from './format';
import { DESTINATION_LABELS, describeRate, describeSource } from './labels';

export const SECTION_HEADINGS = [
  '## Overview and requirements',
  '## Architecture',
  '## Data flow',
  '## Extraction',
  '## Transformation',
  '## Loading',
  '## Quality gates',
  '## Error handling and recovery',
  '## Monitoring and alerting',
  '## Security',
  '## Risks and mitigations',
  '## Estimated monthly cost',
  '## Implementation plan',
  '## Open questions',
] as const;

export function renderDesignMarkdown(design: Design): string {
  const sections = [
    `# Pipeline design: ${design.name}`,
    renderOverview(design),
    renderArchitecture(design),
    renderDataFlow(design),
    renderExtraction(design),
    renderTransformation(design),
    renderLoading(design),
    renderQualityGates(design),
    renderRecovery(design),
    renderMonitoring(design),
    renderSecurity(design),
    renderRisks(design),
    renderCost(design),
    renderPlan(design),
    renderOpenQuestions(design),
  ];
  return `${sections.join('\n\n')}\n`;
}

function renderOverview(design: Design): string {
  const { profile, decisions, answers, cost } = design;
  const rows: [string, string][] = [
    ['Sources', profile.sources.map((s) => `${describeSource(s)}${s.source.format ? `, ${s.source.format.toUpperCase()}` : ''}${describeRate(s) ? `, ${describeRate(s)}` : ''}`).join('; ')],
    ['Destination', `${DESTINATION_LABELS[answers.destination.type]}${answers.destination.name ? ` (\`${answers.destination.name}\`)` : ''}`],
    ['Volume', profile.totalBytesPerDay === null ? 'not stated' : `≈${formatNumber(profile.totalEventsPerSecond ?? 0, (profile.totalEventsPerSecond ?? 0) >= 100 ? 0 : 1)} ${volumeNoun(design)}/s, ≈${formatBytes(profile.totalBytesPerDay)}/day`],
    ['Growth', answers.volume.growthPercentPerMonth === undefined ? 'not stated' : `${formatNumber(answers.volume.growthPercentPerMonth)}% per month`],
    ['Latency', `${answers.latency.mode}; freshness target ${formatMinutes(profile.freshnessMinutes)}${profile.freshnessStated ? '' : ' (assumed)'}`],
    ['Aggregations', answers.aggregations.length ? answers.aggregations.join(', ') : 'none'],
    ['Orchestration preference', answers.orchestration === 'decide' ? 'decide (chosen below)' : answers.orchestration === 'none' ? "none (the platform's own scheduler)" : answers.orchestration],
    ['Compliance', answers.compliance.length ? answers.compliance.map((c) => c.toUpperCase()).join(', ') : 'none stated'],
  ];
  if (design.filledFromWorkspace.length) rows.push(['From the workspace', design.filledFromWorkspace.join('; ')]);
  const destination = DESTINATION_LABELS[answers.destination.type];
  const transforms =
    decisions.transform.id === 'ELT' ? `dbt models in ${destination}`
      : profile.maskBeforeLanding ? `masked in flight, then ${profile.destinationKind === 'warehouse' ? `dbt models in ${destination}` : 'modelled downstream'}`
        : profile.destinationKind === 'object-storage' ? 'Spark/Python jobs writing curated Parquet' : 'Python/Spark transforms before load';
  const summary = `${decisions.pattern.choice}. Ingestion: ${unique(decisions.sources.map((s) => inSentence(s.ingestion.choice))).join('; ')}. Transforms: ${transforms}, ${decisions.transformSchedule.label}. Orchestration: ${decisions.orchestration.choice}. Estimated ${formatUsd(cost.totalUsd)}/month.`;
  return ['## Overview and requirements', `**Summary:** ${summary}`, table(['Requirement', 'Answer'], rows)].join('\n\n');
}

function volumeNoun(design: Design): string {
  const nouns = new Set(design.profile.sources.map((s) => s.source.volume?.noun).filter((n) => n && n !== 'bytes'));
  return nouns.size === 1 ? [...nouns][0]! : 'records';
}

function renderArchitecture(design: Design): string {
  const { decisions } = design;
  const all = listDecisions(decisions);
  const summary = table(['Decision', 'Choice'], all.map((d) => [d.topic, d.choice]));
  const detailed = [decisions.pattern, decisions.transform, decisions.orchestration, ...decisions.sources.map((s) => s.ingestion), decisions.interval];
  return ['## Architecture', summary, ...detailed.map(renderDecision)].join('\n\n');
}

function renderDecision(decision: Decision): string {
  return [
    `### ${decision.topic}`,
    `- **Choice:** ${decision.choice}`,
    `- **Why:** ${sentence(decision.reason)}`,
    `- **Rejected alternative:** ${decision.rejectedAlternative}. **Why not:** ${sentence(decision.whyNot)}`,
  ].join('\n');
}

function renderDataFlow(design: Design): string {
  const stages = design.flow.stages.map((stage, index) => {
    const lines = stage.lines.map((line) => `   - ${line}`);
    return [`${index + 1}. **${stage.title}**`, ...lines].join('\n');
  });
  return ['## Data flow', stages.join('\n'), `\`\`\`mermaid\n${design.flow.mermaid}\n\`\`\``].join('\n\n');
}

function renderExtraction(design: Design): string {
  const parts = design.decisions.sources.map(({ source, extraction }) => renderDecision({ ...extraction, topic: `\`${source.source.name}\` (${source.source.type})` }));
  return ['## Extraction', ...parts].join('\n\n');
}

function renderTransformation(design: Design): string {
  const { decisions, flow, profile } = design;
  const schedule = decisions.transformSchedule;
  const lookback = schedule.lookbackHours > 0 ? ` Each run rebuilds the last ${schedule.lookbackHours >= 24 ? `${schedule.lookbackHours / 24} days` : `${schedule.lookbackHours} hours`} of ${profile.grain ? `${grainAdjective(profile.grain)} aggregates` : 'data'} so late events are counted.` : '';
  return [
    '## Transformation',
    `${decisions.transform.choice}. Transforms run ${schedule.label} (cron \`${schedule.cron}\`).${lookback} Every model has tests (keys, row counts, freshness), and the mart is built aside and swapped in only when they pass.`,
    table(['Layer', 'Model', 'Purpose'], flow.models.map((m) => [m.layer, `\`${m.name}\``, m.purpose])),
  ].join('\n\n');
}

function renderLoading(design: Design): string {
  const { decisions, flow } = design;
  return [
    '## Loading',
    renderDecision(decisions.load),
    table(['Table', 'Role', 'Layout and load'], flow.tables.map((t) => [`\`${t.name}\``, t.role, t.layout])),
  ].join('\n\n');
}

function renderQualityGates(design: Design): string {
  return ['## Quality gates', table(['Stage', 'Check', 'On failure'], design.qualityGates.map((g) => [g.stage, g.check, g.onFailure]))].join('\n\n');
}

function renderRecovery(design: Design): string {
  const items = design.recovery.map((item) => {
    const steps = item.steps ? `\n${item.steps.map((step, i) => `   ${i + 1}. ${step}`).join('\n')}` : '';
    return `- **${item.title}.** ${item.text}${steps}`;
  });
  return ['## Error handling and recovery', items.join('\n')].join('\n\n');
}

function renderMonitoring(design: Design): string {
  return ['## Monitoring and alerting', table(['Metric', 'Target', 'Alert'], design.metrics.map((m) => [m.name, m.target, m.alert]))].join('\n\n');
}

function renderSecurity(design: Design): string {
  return ['## Security', design.security.map((s) => `- **${s.title}.** ${s.text}`).join('\n')].join('\n\n');
}

function renderRisks(design: Design): string {
  const risks = design.risks.map((r, i) => `${i + 1}. **${r.title}** — ${r.risk}\n   *Mitigation:* ${r.mitigation}`);
  return ['## Risks and mitigations', risks.join('\n')].join('\n\n');
}

function renderCost(design: Design): string {
  const { cost } = design;
  const volume = cost.volumes.length ? cost.volumes.map((v) => `- \`${v.source}\`: ${v.arithmetic}`).join('\n') : '- No volume stated; volume-driven rows are left out.';
  const rows = cost.rows.map((row) => [row.component, renderArithmetic(row), formatUsd(row.usd)]);
  rows.push(['**Total (estimate)**', cost.rows.map((r) => formatUsd(r.usd)).join(' + '), `**${formatUsd(cost.totalUsd)}**`]);
  return [
    '## Estimated monthly cost',
    `**Estimate**, not a quote: list prices in ${cost.currency}, on demand, before discounts; replace the assumptions below with your own rates.`,
    `Volume:\n\n${volume}`,
    table(['Component', 'Arithmetic', 'Monthly'], rows),
    `Assumptions:\n\n${cost.assumptions.map((a) => `- ${a}`).join('\n')}`,
    ...(cost.growth ? [`Growth: ${cost.growth}`] : []),
    `Not included: ${cost.notIncluded.join('; ')}.`,
  ].join('\n\n');
}

export function renderArithmetic(row: CostRow): string {
  return row.terms.map((t) => `${t.label}: ${t.factors.map(formatFactor).join(' × ')} = ${formatUsd(t.usd)}`).join('; ');
}

function renderPlan(design: Design): string {
  const phases = design.plan.map((p, i) => [`### Phase ${i + 1}: ${p.title} (${p.weeks})`, ...p.tasks.map((t) => `- ${t}`)].join('\n'));
  return ['## Implementation plan', ...phases].join('\n\n');
}

function renderOpenQuestions(design: Design): string {
  return ['## Open questions', design.openQuestions.map((q, i) => `${i + 1}. ${q}`).join('\n')].join('\n\n');
}

/** The design as data for `--format json`. */
export function renderDesignJson(design: Design): string {
  const data = {
    name: design.name,
    answers: design.answers,
    filledFromWorkspace: design.filledFromWorkspace,
    requirements: {
      eventsPerSecond: design.profile.totalEventsPerSecond,
      bytesPerDay: design.profile.totalBytesPerDay,
      freshnessMinutes: design.profile.freshnessMinutes,
      freshnessStated: design.profile.freshnessStated,
      aggregationGrain: design.profile.grain,
      destinationKind: design.profile.destinationKind,
      cloud: design.profile.cloud,
    },
    decisions: listDecisions(design.decisions),
    transformSchedule: design.decisions.transformSchedule,
    dataFlow: design.flow,
    qualityGates: design.qualityGates,
    errorHandling: design.recovery,
    monitoring: design.metrics,
    security: design.security,
    risks: design.risks,
    cost: design.cost,
    implementationPlan: design.plan,
    openQuestions: design.openQuestions,
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

function table(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
