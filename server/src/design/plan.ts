// The phased implementation plan and the questions the answers left open.

import { SIZING } from './assumptions';
import type { Decisions } from './decide';
import { formatBytes, formatMinutes, inSentence } from './format';
import { systemLabel } from './labels';
import type { Profile } from './profile';

export interface Phase {
  title: string;
  weeks: string;
  tasks: string[];
}

export function buildPlan(profile: Profile, decisions: Decisions): Phase[] {
  const ingestionWeeks = 1 + profile.sources.length;
  let week = 1;
  const span = (length: number) => {
    const text = length === 1 ? `week ${week}` : `weeks ${week}–${week + length - 1}`;
    week += length;
    return text;
  };
  const streamed = profile.hasStream;
  const tool = decisions.sources.map((s) => s.ingestion.choice);
  return [
    {
      title: 'Foundations',
      weeks: span(1),
      tasks: [
        'Create the raw and analytics schemas (or prefixes), one role per component, and the secrets in the secrets manager.',
        `Set up the repository: ${decisions.transform.id === 'ELT' ? 'dbt project, ' : ''}CI that runs linting (pipewise check), unit tests and ${decisions.transform.id === 'ELT' ? '`dbt build` against a development schema' : 'the transform jobs on sample data'}.`,
        `Provision ${decisions.orchestration.id === 'none' ? 'the platform scheduler' : decisions.orchestration.choice} in a development environment.`,
      ],
    },
    {
      title: 'Ingestion',
      weeks: span(ingestionWeeks),
      tasks: [
        `Deploy ${unique(tool).map(inSentence).join('; ')} to development with validation and the dead-letter store.`,
        streamed
          ? 'Load history once from the earliest retained offset (an explicit one-off backfill, not the recurring mode), then let the connector run.'
          : 'Run the initial historical load once, in daily chunks through the incremental path with an explicit window, then switch to the watermark.',
        'Wire the ingestion quality gates and the first metrics (lag or run status, rows per batch, rejects).',
      ],
    },
    {
      title: 'Transformation and quality gates',
      weeks: span(2),
      tasks: [
        `Build the models (${decisions.transform.id === 'ELT' ? 'staging → intermediate → mart' : 'transform jobs → curated tables'}) with tests for keys, row counts, freshness and business rules.`,
        `Schedule them (${decisions.transformSchedule.label}) with write-audit-publish and ${inSentence(decisions.load.choice)}.`,
        'Rehearse a backfill of one week in development, following the procedure above.',
      ],
    },
    {
      title: 'Production readiness',
      weeks: span(1),
      tasks: [
        'Dashboards and alerts for every metric above, routed to the on-call rotation; budget alert on the destination.',
        'Runbook: restart, replay from the dead-letter store, backfill, rotate secrets.',
        'Run in production alongside the current process (if any) for one to two weeks, reconcile daily counts, then cut over.',
      ],
    },
  ];
}

export function buildOpenQuestions(profile: Profile, decisions: Decisions): string[] {
  const questions: string[] = [];
  const { answers } = profile;
  for (const s of profile.sources) {
    if (!s.source.volume) questions.push(`What is the volume of \`${s.source.name}\` (e.g. "10K events/minute" or "5 GB/day")? Cost and sizing leave it out until then.`);
    else if (s.eventSizeAssumed && s.source.volume.kind === 'events') questions.push(`What is the average ${s.source.volume.noun.replace(/s$/, '')} size of \`${s.source.name}\`? ${formatBytes(SIZING.eventSizeBytes)} is assumed; storage and ingestion cost scale with it.`);
    if (s.source.type === 'stream') {
      questions.push(`Is there a schema registry for \`${s.source.name}\`, and which compatibility mode does it enforce?`);
      questions.push(`Which fields are the event id and the event time of \`${s.source.name}\`, and how late can events arrive (p99 of load time − event time)? Each run rebuilds the last ${decisions.transformSchedule.lookbackHours} hours; that window must cover the p99.`);
      questions.push(`Is the Kafka cluster dedicated to this pipeline or shared (the estimate counts a dedicated one)? What is the topic's retention and partition count?`);
    }
    if (s.source.type === 'database') {
      if (!s.source.changes) questions.push(`Are rows of \`${s.source.name}\` updated or deleted after insert? Updates are assumed; hard deletes change the extraction design.`);
      if (!s.source.watermarkColumn && decisions.sources.find((d) => d.source === s)?.extraction.id === 'watermark') {
        questions.push(`Does \`${s.source.name}\` have an indexed \`updated_at\` (set by the database on every change)? The incremental extract relies on it.`);
      }
      questions.push(`Can the extract read from a replica of the ${systemLabel(s.source.system) ?? 'source'} database?`);
    }
    if (s.source.type === 'rest-api') questions.push(`What are the rate limits of the \`${s.source.name}\` API, and does it support filtering by update time?`);
  }
  if (!profile.freshnessStated) questions.push(`What freshness do consumers need? ${capitalize(formatMinutes(profile.freshnessMinutes))} is assumed from the latency mode.`);
  if (answers.volume.growthPercentPerMonth === undefined) questions.push('How fast is the volume growing (percent per month)? Capacity and cost projections need it.');
  if (!answers.compliance.length) questions.push('Does any field hold personal data (names, e-mails, IP addresses, device ids)? If so add `pii` to compliance: it moves masking before landing (ETL).');
  if (profile.maskBeforeLanding) questions.push('Which fields are personal, which must stay joinable (tokenized) and which can be dropped?');
  if (!answers.destination.name) questions.push('Which database, dataset or bucket should the pipeline write to? `analytics` is used as a placeholder.');
  questions.push('How long must raw data be kept, and who is on call for this pipeline?');
  return questions;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
