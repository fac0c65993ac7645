// Security measures for a design: secrets, least privilege, encryption, and what each
// compliance requirement adds.

import type { DestinationType } from './answers';
import type { Decisions } from './decide';
import { DESTINATION_LABELS, SECRETS_MANAGERS } from './labels';
import type { Profile } from './profile';

export interface SecurityItem {
  title: string;
  text: string;
}

export function buildSecurity(profile: Profile, decisions: Decisions): SecurityItem[] {
  const manager = profile.cloud ? SECRETS_MANAGERS[profile.cloud] : 'a secrets manager (AWS Secrets Manager, Google Secret Manager, Azure Key Vault or HashiCorp Vault)';
  const destination = DESTINATION_LABELS[profile.answers.destination.type];
  const items: SecurityItem[] = [
    {
      title: 'Secrets',
      text: `Every credential (source connections, ${destinationCredential(profile.answers.destination.type, destination)}, alert webhooks) lives in ${manager} and is read at run time (${decisions.orchestration.id === 'airflow' ? 'Airflow secrets backend' : 'the orchestrator\'s secrets integration'}${profile.hasStream ? ', Kafka Connect config provider' : ''}); none in code, DAG files, connector JSON or environment files committed to the repository. Rotated every 90 days; key-pair or workload-identity authentication instead of passwords where the platform supports it.`,
    },
    {
      title: 'Least privilege',
      text: `One role per component: the ingestion role may only write the raw landing ${profile.destinationKind === 'object-storage' ? 'prefix' : 'schema'}; the transform role reads raw and writes the analytics ${profile.destinationKind === 'object-storage' ? 'prefix' : 'schema'}; consumers get read-only access to the marts. ${sourceAccess(profile)} Nobody writes to production tables by hand.`,
    },
    {
      title: 'Encryption',
      text: `TLS on every hop${profile.hasStream ? ' (SASL_SSL to Kafka)' : ''}; encryption at rest with the platform's keys, or customer-managed keys where policy requires.`,
    },
  ];
  const tags = new Set(profile.answers.compliance);
  if (tags.has('pii') || tags.has('gdpr') || tags.has('hipaa')) {
    items.push({
      title: 'PII masking',
      text: `Personal fields are masked before landing (${decisions.transform.choice}): identifiers used for joins become keyed HMAC-SHA256 tokens (the key in ${manager}), free-text and contact fields are dropped or redacted. Remaining sensitive columns get ${profile.answers.destination.type === 'snowflake' ? 'masking policies' : profile.answers.destination.type === 'bigquery' ? 'policy tags (column-level access control)' : 'column-level grants'}. Logs and dead-letter payloads are treated as personal data too: restricted access and 14-day expiry.`,
    });
  }
  if (tags.has('gdpr')) {
    items.push({
      title: 'GDPR',
      text: 'Erasure requests are executed by a scripted job that deletes by subject key across raw, intermediate and mart tables and records the request; raw retention is limited (e.g. 30 days) so copies do not outlive their purpose; data stays in the agreed region.',
    });
  }
  if (tags.has('hipaa')) {
    items.push({
      title: 'HIPAA',
      text: 'Every vendor that touches PHI is covered by a business associate agreement; access to PHI tables is logged and reviewed; only the minimum necessary fields are ingested.',
    });
  }
  if (tags.has('sox')) {
    items.push({
      title: 'SOX',
      text: 'Pipeline and model changes go through reviewed pull requests and CI deploys only (no manual changes in production); run logs, quality-gate results and access logs are kept immutable for the audit period; the people who approve changes are not the ones who deploy them.',
    });
  }
  return items;
}

function destinationCredential(type: DestinationType, label: string): string {
  if (type === 'snowflake') return 'the Snowflake key pair';
  if (type === 'bigquery' || type === 'gcs') return 'the Google service account';
  if (type === 'redshift' || type === 's3') return 'the AWS IAM role';
  return `the ${label} credentials`;
}

function sourceAccess(profile: Profile): string {
  const parts: string[] = [];
  if (profile.sources.some((s) => s.source.type === 'database')) parts.push('the extract uses a read-only database user, on a read replica where one exists');
  if (profile.hasStream) parts.push('Kafka ACLs allow the connector to read its topic and consumer group only');
  if (profile.sources.some((s) => s.source.type === 'rest-api')) parts.push('API tokens carry read-only scopes');
  return parts.length ? `${parts.map((p, i) => (i === 0 ? p.charAt(0).toUpperCase() + p.slice(1) : p)).join('; ')}.` : '';
}
