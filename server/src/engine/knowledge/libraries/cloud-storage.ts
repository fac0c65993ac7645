// Object storage: boto3/botocore (S3), google-cloud-storage, azure-storage-blob. All three SDKs
// retry transient errors by default.

import type { Library } from '../types';

const S3_RECEIVER = /s3|bucket|storage/i;
const DYNAMODB_RECEIVER = /dynamo|ddb/i;
const GCS_RECEIVER = /gcs|bucket|blob|storage/i;

export const BOTO3: Library = {
  id: 'boto3',
  title: 'boto3 / botocore',
  modules: ['boto3', 'botocore', 'aioboto3', 's3fs', 'awswrangler'],
  retriesByDefault: {
    note: 'Every boto3 client retries connection errors, throttling and 5xx responses with exponential backoff (legacy mode: 5 attempts; standard mode: 3).',
    source: 'https://boto3.amazonaws.com/v1/documentation/api/latest/guide/retries.html',
  },
  // NoCredentialsError is not here: it names one expected condition (no credentials configured), not every failure.
  broadErrors: ['botocore.exceptions.ClientError', 'botocore.exceptions.BotoCoreError', 'boto3.exceptions.Boto3Error'],
  calls: [
    {
      names: ['put_object', 'upload_file', 'upload_fileobj', 'copy_object'],
      when: (site) => site.root === 'boto3' || site.root === 'google' || S3_RECEIVER.test(site.receiver),
      role: 'upload',
      io: 'object-storage',
      target: { index: 0, keywords: ['Bucket', 'Filename'] },
    },
    {
      names: ['get_object', 'download_file', 'download_fileobj'],
      when: (site) => site.root === 'boto3' || site.root === 'google' || S3_RECEIVER.test(site.receiver),
      role: 'download',
      io: 'object-storage',
      target: { index: 0, keywords: ['Bucket', 'Filename'] },
    },
    {
      names: ['list_objects', 'list_objects_v2', 'delete_object'],
      when: (site) => site.root === 'boto3' || site.root === 'google' || S3_RECEIVER.test(site.receiver),
      io: 'object-storage',
      target: { index: 0, keywords: ['Bucket'] },
    },
    // Existence checks and bucket calls: S3 requests that fail like any other.
    {
      names: ['head_object', 'head_bucket', 'list_buckets', 'create_bucket', 'delete_objects'],
      when: (site) => site.root === 'boto3' || S3_RECEIVER.test(site.receiver),
      io: 'object-storage',
      target: { index: 0, keywords: ['Bucket'] },
    },
    // DynamoDB scans and queries feed stages too (PW104 reads `scan`).
    { names: ['scan', 'query', 'get_item', 'put_item', 'batch_write_item'], roots: ['boto3'], io: 'db-query' },
    // A DynamoDB scan reads every item of the table (a FilterExpression is applied after the read).
    { names: ['scan'], when: (site) => site.root === 'boto3' || DYNAMODB_RECEIVER.test(site.receiver), role: 'read-table', target: { keywords: ['TableName'] } },
  ],
};

export const GCS: Library = {
  id: 'google-cloud-storage',
  title: 'google-cloud-storage',
  modules: ['google.cloud.storage', 'gcsfs'],
  retriesByDefault: {
    note: 'The Python client retries idempotent operations on 408, 429 and 5xx responses and socket errors with exponential backoff by default (DEFAULT_RETRY).',
    source: 'https://cloud.google.com/storage/docs/retry-strategy',
  },
  broadErrors: ['google.api_core.exceptions.GoogleAPIError', 'google.api_core.exceptions.GoogleAPICallError', 'google.cloud.exceptions.GoogleCloudError'],
  calls: [
    {
      names: ['upload_from_filename', 'upload_from_string', 'upload_from_file'],
      when: (site) => site.root === 'boto3' || site.root === 'google' || GCS_RECEIVER.test(site.receiver),
      role: 'upload',
      io: 'object-storage',
    },
    {
      names: ['download_to_filename', 'download_as_bytes', 'download_as_text', 'download_to_file'],
      when: (site) => site.root === 'boto3' || site.root === 'google' || GCS_RECEIVER.test(site.receiver),
      role: 'download',
      io: 'object-storage',
    },
    // Listing, existence checks, creating and deleting buckets and blobs: API calls that fail like any other.
    {
      names: ['list_blobs', 'list_buckets', 'get_bucket', 'get_blob', 'create_bucket'],
      when: (site) => site.receiver !== '' && (site.root === 'google' || GCS_RECEIVER.test(site.receiver)),
      io: 'object-storage',
    },
    // Generic verbs only on a bucket or blob by name (`self.bucket.exists()`, `blob.delete()`), never on a path.
    { names: ['exists', 'create', 'delete', 'reload'], when: (site) => site.root === 'google' || /(bucket|blob)$/i.test(site.receiverName), io: 'object-storage' },
  ],
};

export const AZURE_STORAGE: Library = {
  id: 'azure-storage',
  title: 'Azure SDK for Python (azure-storage-blob, azure-core)',
  modules: ['azure'],
  retriesByDefault: {
    note: 'Azure SDK clients run an exponential RetryPolicy by default (azure-core), retrying transient errors and throttling.',
    source: 'https://learn.microsoft.com/azure/storage/blobs/storage-retry-policy-python',
  },
  broadErrors: ['azure.core.exceptions.AzureError', 'azure.core.exceptions.HttpResponseError'],
  calls: [
    { names: ['upload_blob', 'start_copy_from_url'], roots: ['azure'], role: 'upload', io: 'object-storage' },
    { names: ['download_blob'], roots: ['azure'], role: 'download', io: 'object-storage' },
    { names: ['delete_blob', 'list_blobs'], roots: ['azure'], io: 'object-storage' },
  ],
};

/** boto3 calls that send a batch of records or messages at once (Kinesis `put_records`, SQS `send_messages`). */
export const BOTO3_BATCH_METHODS = ['put_records', 'send_messages'] as const;

/**
 * Prefect storage blocks (`GcsBucket.load("…")`, prefect-gcp): their uploads and downloads go
 * through google-cloud-storage without a generation precondition, which the client does not retry
 * (https://cloud.google.com/storage/docs/retry-strategy#client-libraries), so the block's I/O is
 * the task's to retry.
 */
export const PREFECT_GCS_BLOCKS: Library = {
  id: 'prefect-gcp-storage',
  title: 'prefect-gcp storage blocks (GcsBucket)',
  modules: ['prefect_gcp'],
  calls: [
    { names: ['upload_from_path', 'upload_from_dataframe', 'upload_from_folder', 'upload_from_file_object', 'write_path', 'put_directory'], roots: ['prefect_gcp'], role: 'upload', io: 'object-storage' },
    { names: ['download_object_to_path', 'download_object_to_file_object', 'download_folder_to_path', 'read_path', 'get_directory'], roots: ['prefect_gcp'], role: 'download', io: 'object-storage' },
  ],
};

/** Prefect S3 storage blocks (`S3Bucket.load("…")`, prefect-aws): boto3 underneath, which retries by itself. */
export const PREFECT_S3_BLOCKS: Library = {
  id: 'prefect-aws-storage',
  title: 'prefect-aws storage blocks (S3Bucket)',
  modules: ['prefect_aws'],
  retriesByDefault: {
    note: 'S3Bucket calls boto3, whose clients retry connection errors, throttling and 5xx responses with exponential backoff.',
    source: 'https://boto3.amazonaws.com/v1/documentation/api/latest/guide/retries.html',
  },
  calls: [
    { names: ['upload_from_path', 'upload_from_dataframe', 'upload_from_folder', 'upload_from_file_object', 'write_path', 'put_directory'], roots: ['prefect_aws'], role: 'upload', io: 'object-storage' },
    { names: ['download_object_to_path', 'download_object_to_file_object', 'download_folder_to_path', 'read_path', 'get_directory'], roots: ['prefect_aws'], role: 'download', io: 'object-storage' },
  ],
};
