// MLflow tracking: reading runs and metrics asks the tracking server (a REST API, or the store it
// fronts), so a handler around these calls guards I/O like any other read.

import type { Library } from '../types';

export const MLFLOW: Library = {
  id: 'mlflow',
  title: 'MLflow tracking client',
  modules: ['mlflow'],
  retriesByDefault: {
    note: 'The MLflow client retries REST requests to the tracking server with exponential backoff (MLFLOW_HTTP_REQUEST_MAX_RETRIES, MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR).',
    source: 'https://mlflow.org/docs/latest/python_api/mlflow.environment_variables.html',
  },
  calls: [
    { names: ['get_run', 'search_runs', 'get_metric_history', 'download_artifacts'], roots: ['mlflow'], io: 'http' },
  ],
};
