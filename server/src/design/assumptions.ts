// Every number the design assumes, in one place: unit prices (list prices, USD, on-demand,
// rounded; they vary by region, edition and contract), sizing rules and decision thresholds.
// The design document prints the ones it uses, so a reader can replace them with their own.

export const CALENDAR = {
  hoursPerMonth: 730,
  daysPerMonth: 30,
} as const;

export const SIZING = {
  /** Average event or row size when the answers do not say. */
  eventSizeBytes: 1_000,
  /** Stored (compressed columnar) size as a fraction of the raw JSON/CSV bytes. */
  warehouseCompressionRatio: 0.25,
  kafkaMinBrokers: 3,
  kafkaReplicationFactor: 3,
  kafkaRetentionDays: 7,
  /** Write throughput one broker of the priced class sustains comfortably, MB/s (after replication). */
  kafkaBrokerThroughputMBps: 10,
  kafkaConnectWorkers: 2,
  sparkStreamingNodes: 3,
  /** Minutes a warehouse stays up per scheduled transform run, including the 60 s auto-suspend. */
  warehouseMinutesPerRun: 10,
  /** Each transform run scans this many times the data it processes (staging, marts, tests). */
  transformScanFactor: 3,
  secretsPerSource: 1,
  /** Secrets besides the sources': destination credentials and alerting webhook. */
  extraSecrets: 2,
} as const;

export const PRICES = {
  kafkaBrokerHourUsd: 0.21, // managed Kafka, m5.large-class broker
  kafkaStorageGbMonthUsd: 0.1,
  kafkaConnectWorkerHourUsd: 0.1, // 2 vCPU / 8 GB worker
  sparkNodeHourUsd: 0.2, // 4 vCPU node, streaming cluster running 24/7
  snowflakeCreditUsd: 3.0, // Enterprise edition, on demand
  snowflakeXsCreditsPerHour: 1,
  snowflakeIngestCreditsPerGb: 0.0037, // Snowpipe / Snowpipe Streaming, per GB ingested
  snowflakeStorageTbMonthUsd: 23,
  bigqueryScanTibUsd: 6.25,
  bigqueryStorageGbMonthUsd: 0.02, // active logical storage
  bigqueryStreamingGbUsd: 0.025, // Storage Write API, free tier not applied
  redshiftRpuHourUsd: 0.375,
  redshiftBaseRpus: 8,
  redshiftStorageGbMonthUsd: 0.024,
  databricksJobsClusterHourUsd: 1.0, // DBUs plus VMs of a small jobs cluster
  synapseDw100cHourUsd: 1.2,
  postgresInstanceHourUsd: 0.178, // managed Postgres, 2 vCPU / 8 GB
  postgresStorageGbMonthUsd: 0.115,
  objectStorageGbMonthUsd: 0.023,
  batchComputeHourUsd: 0.2, // container or small Spark job running a transform
  airflowEnvironmentHourUsd: 0.49, // managed Airflow, small environment
  selfHostedOrchestratorHourUsd: 0.2, // Dagster or Prefect daemon + worker on a small VM with managed metadata DB
  secretMonthUsd: 0.4,
} as const;

export const THRESHOLDS = {
  /** Changed rows per day from which a database source is "at volume" and CDC pays for itself. */
  cdcRowsPerDay: 1_000_000,
  cdcBytesPerDay: 10e9,
  /** A Postgres destination above this daily volume gets transforms outside it (ETL). */
  postgresEltBytesPerDay: 10e9,
  /** From this many sources, asset-centric orchestration (Dagster) pays for itself. */
  assetCentricSources: 3,
  /** Monthly growth from which capacity is called out as a risk. */
  notableGrowthPercentPerMonth: 5,
  /** Hours of late data each scheduled aggregation run rebuilds. */
  lateDataLookbackHours: 3,
} as const;
