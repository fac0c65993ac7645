// AWS retries a Lambda function invoked asynchronously (a schedule, SNS, S3, EventBridge) twice by
// default: the code its handler reaches runs retried (PW103), unless the handler returns every
// failure as a value; a function with no events or only an API event is not retried.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { asyncLambdaHandlers } from '../../server/src/engine/workspace/lambda-descriptors';
import { modelWith } from '../helpers/workspace-model';

const SAM = (events: string) => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: ./src
      Handler: jobs.orders.handler
${events}
  OrdersBucket:
    Type: AWS::S3::Bucket
`;
const SCHEDULE = '      Events:\n        Nightly:\n          Type: ScheduleV2\n          Properties:\n            ScheduleExpression: cron(0 4 * * ? *)\n';
const API = '      Events:\n        Get:\n          Type: Api\n          Properties:\n            Path: /orders\n            Method: get\n';

const DB = 'import psycopg2\n\n\ndef save(rows):\n    conn = psycopg2.connect(DSN)\n    with conn.cursor() as cur:\n        cur.executemany(SQL, rows)\n    conn.commit()\n';
const HANDLER = 'from jobs.db import save\n\n\ndef handler(event, context):\n    save(event["rows"])\n    return {"status": "ok"}\n';
const CATCH_ALL = 'from jobs.db import save\n\n\ndef handler(event, context):\n    try:\n        save(event["rows"])\n        return {"status": "ok"}\n    except Exception as e:\n        return {"status": "error", "error": str(e)}\n';
const RERAISE = 'from jobs.db import save\n\n\ndef handler(event, context):\n    try:\n        save(event["rows"])\n    except Exception:\n        log.exception("failed")\n        raise\n';


describe('asyncLambdaHandlers', () => {
  test('SAM functions with a schedule, SNS or S3 event; not those with none or only an API', () => {
    assert.deepEqual(asyncLambdaHandlers({ path: 'template.yaml', text: SAM(SCHEDULE) }), [{ module: 'jobs.orders', handler: 'handler' }]);
    assert.deepEqual(asyncLambdaHandlers({ path: 'template.yaml', text: SAM(API) }), []);
    assert.deepEqual(asyncLambdaHandlers({ path: 'template.yaml', text: SAM('') }), []);
    assert.equal(asyncLambdaHandlers({ path: 'config.yaml', text: SAM(SCHEDULE) }), null);
  });

  test('serverless.yml functions with schedule or sns events', () => {
    const text = 'service: orders\nfunctions:\n  nightly:\n    handler: src/jobs/orders.handler\n    events:\n      - schedule: rate(1 day)\n  api:\n    handler: src/jobs/api.get\n    events:\n      - http:\n          path: orders\n';
    assert.deepEqual(asyncLambdaHandlers({ path: 'serverless.yml', text }), [{ module: 'src.jobs.orders', handler: 'handler' }]);
  });
});

describe('WorkspaceModel: asynchronously invoked Lambda handlers are retried by AWS', () => {
  const files = (template: string, handler: string) => ({ '/ws/template.yaml': template, '/ws/src/jobs/__init__.py': '', '/ws/src/jobs/db.py': DB, '/ws/src/jobs/orders.py': handler });

  test('a scheduled handler and the code it calls run with two retries', async () => {
    const model = await modelWith(files(SAM(SCHEDULE), HANDLER));
    assert.equal(model.retriesForFunction('/ws/src/jobs/db.py', 'save'), 2);
    assert.equal(model.retriesForFunction('/ws/src/jobs/orders.py', 'handler'), 2);
  });

  test('a handler that re-raises keeps the retry', async () => {
    const model = await modelWith(files(SAM(SCHEDULE), RERAISE));
    assert.equal(model.retriesForFunction('/ws/src/jobs/db.py', 'save'), 2);
  });

  test('a handler that returns every failure as a value defeats the retry', async () => {
    const model = await modelWith(files(SAM(SCHEDULE), CATCH_ALL));
    assert.equal(model.retriesForFunction('/ws/src/jobs/db.py', 'save'), null);
  });

  test('an API-invoked or event-less function is not retried', async () => {
    assert.equal((await modelWith(files(SAM(API), HANDLER))).retriesForFunction('/ws/src/jobs/db.py', 'save'), null);
    assert.equal((await modelWith(files(SAM(''), HANDLER))).retriesForFunction('/ws/src/jobs/db.py', 'save'), null);
  });
});

describe('WorkspaceModel: Chalice handlers of asynchronous events are retried by AWS', () => {
  const CHALICE = (decorator: string, body = '    save(fetch_rows())\n') => `from chalice import Chalice, Cron\n\nfrom chalicelib.db import save\n\napp = Chalice(app_name="ingestor")\n\n\n${decorator}\ndef ingest(event):\n${body}`;
  const files = (app: string) => ({ '/ws/ingestor/app.py': app, '/ws/ingestor/chalicelib/__init__.py': '', '/ws/ingestor/chalicelib/db.py': DB });

  test('a scheduled, S3, SNS, CloudWatch-event or SQS handler and what it calls run with two retries', async () => {
    for (const decorator of ['@app.schedule(Cron("0/15", "*", "*", "*", "?", "*"))', '@app.on_s3_event(bucket="raw")', '@app.on_sns_message(topic="orders")', '@app.on_cw_event({"source": ["aws.s3"]})', '@app.on_sqs_message(queue="orders")']) {
      const model = await modelWith(files(CHALICE(decorator)));
      assert.equal(model.retriesForFunction('/ws/ingestor/app.py', 'ingest'), 2, decorator);
      assert.equal(model.retriesForFunction('/ws/ingestor/chalicelib/db.py', 'save'), 2, decorator);
    }
  });

  test('a route or a plain lambda_function is invoked synchronously: no retry', async () => {
    for (const decorator of ['@app.route("/ingest")', '@app.lambda_function()']) {
      assert.equal((await modelWith(files(CHALICE(decorator)))).retriesForFunction('/ws/ingestor/app.py', 'ingest'), null, decorator);
    }
  });

  test('a scheduled handler that returns every failure as a value defeats the retry', async () => {
    const body = '    try:\n        save(fetch_rows())\n    except Exception as e:\n        return {"error": str(e)}\n';
    assert.equal((await modelWith(files(CHALICE('@app.schedule(Cron(0, 6, "*", "*", "?", "*"))', body)))).retriesForFunction('/ws/ingestor/chalicelib/db.py', 'save'), null);
  });

  test('a decorator of something that is not a Chalice app is no event', async () => {
    const app = CHALICE('@app.schedule("daily")').replace('app = Chalice(app_name="ingestor")', 'app = Scheduler()');
    assert.equal((await modelWith(files(app))).retriesForFunction('/ws/ingestor/app.py', 'ingest'), null);
  });
});
