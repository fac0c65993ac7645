// Risks specific to the choices made, each with its mitigation. A stream landing continuously
// in a warehouse always carries the same four (lag, load cost, late data, schema evolution);
// batch, CDC, API and file designs have their own.

import { SIZING, THRESHOLDS } from './assumptions';
import type { DestinationType } from './answers';
import type { Decisions } from './decide';
import { formatNumber } from './format';
import { DESTINATION_LABELS } from './labels';
import type { Profile } from './profile';

export interface Risk {
  title: string;
  risk: string;
  mitigation: string;
}

export function buildRisks(profile: Profile, decisions: Decisions): Risk[] {
  const risks: Risk[] = [];
  const continuous = decisions.pattern.id !== 'batch';
  if (profile.hasStream && continuous) risks.push(...streamRisks(profile, decisions));
  if (decisions.pattern.id === 'batch') risks.push(...batchRisks(profile, decisions));
  if (decisions.sources.some((s) => s.extraction.id === 'cdc')) {
    risks.push({
      title: 'Source disk filling with retained WAL',
      risk: 'While the CDC connector is stopped, the replication slot makes the source database keep every WAL segment; a long outage can fill its disk and take the application down.',
      mitigation: 'Alert on retained WAL (see monitoring), set `max_slot_wal_keep_size`, and have a runbook step to drop and re-create the slot with a fresh snapshot if the connector cannot catch up.',
    });
  }
  if (profile.sources.some((s) => s.source.type === 'rest-api')) {
    risks.push({
      title: 'API limits and contract changes',
      risk: 'Rate limits, quota cuts, pagination changes or a new API version can stall or silently truncate the extract.',
      mitigation: 'Backoff on 429, pin the API version, compare records received with the total the API reports, and alert on a run that returns zero records for a window that had data last week.',
    });
  }
  if (profile.sources.some((s) => s.source.type === 'files' || s.source.type === 'object-storage')) {
    risks.push({
      title: 'Partial and duplicate files',
      risk: 'A file picked up while it is still being written loads half its rows; a file delivered twice loads twice.',
      mitigation: 'Load only files with a done marker or a stable size, key the manifest by object key and checksum, and keep loads idempotent.',
    });
  }
  if (profile.maskBeforeLanding) {
    risks.push({
      title: 'Personal data leaking around the masking step',
      risk: 'Dead-letter payloads, logs and error messages carry the raw record, bypassing the masking done before landing.',
      mitigation: 'Mask (or drop) personal fields before a record is logged or dead-lettered, restrict and expire the dead-letter store, and scan logs for e-mail and phone patterns in CI tests.',
    });
  }
  const growth = profile.answers.volume.growthPercentPerMonth;
  if (growth !== undefined && growth >= THRESHOLDS.notableGrowthPercentPerMonth) {
    const factor = (1 + growth / 100) ** 12;
    risks.push({
      title: 'Volume growth outpacing capacity',
      risk: `At ${formatNumber(growth)}% a month, volume is ×${formatNumber(factor)} within a year; partitions, connector tasks, warehouse size and run times sized for today will not hold.`,
      mitigation: 'Review capacity quarterly against the growth line of the cost estimate; alert at 70% utilisation of broker throughput and when run duration passes half its window.',
    });
  }
  return risks;
}

function streamRisks(profile: Profile, decisions: Decisions): Risk[] {
  const destination = DESTINATION_LABELS[profile.answers.destination.type];
  const warehouse = profile.destinationKind === 'warehouse';
  const interval = decisions.interval.minutes;
  const lookback = decisions.transformSchedule.lookbackHours;
  return [
    {
      title: 'Consumer lag accumulation',
      risk: `If the ${decisions.sources.find((s) => s.source.source.type === 'stream')?.ingestion.choice ?? 'consumer'} falls behind (a ${destination} slowdown, a poison record, a rebalance loop), the backlog grows; past the topic's retention (${SIZING.kafkaRetentionDays} days assumed) unread events are deleted and lost.`,
      mitigation: `Alert on consumer lag (see monitoring) long before retention is at risk; run as many ${decisions.sources.some((s) => s.ingestion.id === 'spark-structured-streaming') ? 'Spark tasks' : 'connector tasks'} as topic partitions so scaling is a config change; dead-letter bad records so one cannot stall a partition; keep retention ≥ ${SIZING.kafkaRetentionDays} days so a weekend outage is recoverable.`,
    },
    warehouse
      ? {
          title: 'Warehouse cost of continuous loading',
          risk: `Continuous loading is billed continuously: frequent small loads, and transforms that run more often or scan more than planned, can cost several times the estimate in ${destination}.`,
          mitigation: `Flush in ${interval > 0 ? `${interval}-minute` : 'short'} micro-batches rather than per record; ${warehouseCostControl(profile.answers.destination.type)}; run transforms ${decisions.transformSchedule.label}, incrementally; cap spend with a budget alert at 120% of the estimate and review cost weekly in the first month.`,
        }
      : {
          title: 'Small files from continuous loading',
          risk: 'Frequent flushes write many small files, which slow every later read and raise request costs.',
          mitigation: `Flush every ${interval > 0 ? `${interval} minutes` : 'few minutes'} with a size threshold and compact each closed partition daily.`,
        },
    {
      title: 'Late and out-of-order data',
      risk: `Events arrive after their window has been aggregated (clients that were offline, producer retries, a lagging partition), so a published ${profile.grain ?? 'window'} can be short.`,
      mitigation: `Aggregate by event time, never load time; each run rebuilds the last ${lookback >= 24 ? `${lookback / 24} days` : `${lookback} hours`} so late events land in the ${profile.grain ?? 'window'} they belong to; measure lateness (load time − event time, p99) and widen the lookback if needed; a daily reconciliation counts events later than that.`,
    },
    {
      title: 'Schema evolution',
      risk: 'Producers add, rename or retype fields; a breaking change can send every record to the dead-letter topic or silently null a column downstream.',
      mitigation: `Enforce backward-compatible changes with a schema registry at produce time; land the payload as semi-structured data (${profile.answers.destination.type === 'snowflake' ? 'VARIANT' : 'JSON'}) so new fields never fail ingestion; select explicit fields in staging with dbt model contracts; alert on the dead-letter rate.`,
    },
    {
      title: 'Duplicates from at-least-once delivery',
      risk: 'Connector restarts and producer retries deliver some events twice.',
      mitigation: 'Deduplicate by event id in the intermediate model and test uniqueness before publishing.',
    },
  ];
}

function warehouseCostControl(type: DestinationType): string {
  switch (type) {
    case 'snowflake':
      return 'load through Snowpipe Streaming (serverless) instead of a running warehouse, and run transforms on an XS warehouse with 60-second auto-suspend under a resource monitor';
    case 'bigquery':
      return 'keep models incremental and partition-pruned (`require_partition_filter` on the big tables) and set a custom daily query quota';
    case 'redshift':
      return 'cap Redshift Serverless with a maximum RPU setting and usage limits';
    case 'databricks':
      return 'run transforms on job clusters that terminate after each run, never on an always-on cluster';
    default:
      return 'pause or scale down compute between scheduled runs';
  }
}

function batchRisks(profile: Profile, decisions: Decisions): Risk[] {
  const risks: Risk[] = [];
  const watermarkSources = decisions.sources.filter((s) => s.extraction.id === 'watermark');
  if (watermarkSources.length) {
    const column = watermarkSources[0].source.source.watermarkColumn ?? 'updated_at';
    risks.push(
      {
        title: 'Rows missed at the watermark boundary',
        risk: `Transactions that commit after the extract but carry an earlier \`${column}\`, clock skew, or rows sharing the boundary timestamp fall between two runs.`,
        mitigation: `Overlap each window by 10 minutes and let the ${decisions.load.id === 'merge' ? 'MERGE' : 'partition overwrite'} absorb the repeats; verify \`${column}\` is set by the database (trigger or default), not by application code.`,
      },
      {
        title: 'Load on the source database',
        risk: 'The extract competes with the application for the primary database, worse as the table grows.',
        mitigation: `Index \`${column}\`, read from a replica, read in bounded batches with a statement timeout, and schedule it (${decisions.transformSchedule.label}) outside peak hours.`,
      },
    );
    if (watermarkSources.some((s) => s.source.source.changes === 'updates-and-deletes')) {
      risks.push({
        title: 'Hard deletes not propagated',
        risk: 'A watermark query never sees a deleted row, so the destination keeps rows the source removed.',
        mitigation: 'Prefer soft deletes at the source; otherwise reconcile primary keys nightly and delete the missing ones in the destination.',
      });
    }
  }
  risks.push(
    {
      title: 'Source schema drift',
      risk: 'A renamed, dropped or retyped column breaks the load or, worse, shifts values into the wrong columns.',
      mitigation: 'Select explicit columns, check the extracted schema against the expected one before loading, and fail loudly (the watermark is not advanced).',
    },
    {
      title: 'Incomplete data at run time',
      risk: `The run starts before upstream has finished the day (late batch jobs at the source, time-zone boundaries), publishing a short ${profile.grain ?? 'day'}.`,
      mitigation: 'Schedule after the source\'s own batch window, work in UTC, check completeness (row-count anomaly gate) before publishing, and re-run the previous day once.',
    },
    {
      title: 'Backfills overwriting good data',
      risk: 'A backfill with a wrong window or a changed model silently replaces correct history.',
      mitigation: 'Backfill through the normal path with an explicit window, build aside and compare counts before swapping in, and keep the previous version (time travel or snapshot) until the reconciliation passes.',
    },
  );
  return risks;
}
