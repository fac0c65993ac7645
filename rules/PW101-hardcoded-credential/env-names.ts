// Environment variable names the fixes and messages suggest: from the variable, keyword or key
// the secret is bound to, the URL's database or host, or the service the library talks to.

import { isBareCredentialTerm, nameParts, toEnvName, type UrlPassword } from '../../server/src/engine/secrets';

const URL_NAME_SUFFIXES = new Set(['url', 'uri', 'dsn', 'conn', 'connection', 'string', 'endpoint']);
const LOCAL_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal)$/i;

export function urlEnvNames(url: UrlPassword, contextName: string | null): { urlName: string; passwordName: string } {
  if (contextName) {
    const parts = nameParts(contextName);
    if (parts.length > 1 && URL_NAME_SUFFIXES.has(parts[parts.length - 1])) {
      const base = toEnvName(parts.slice(0, parts[parts.length - 1] === 'string' ? -2 : -1).join('_')) || 'DB';
      return { urlName: toEnvName(contextName), passwordName: `${base}_PASSWORD` };
    }
  }
  let base: string;
  if (url.database && /^[A-Za-z][\w-]*$/.test(url.database)) {
    const database = toEnvName(url.database);
    base = /(^|_)DB$/.test(database) ? database : `${database}_DB`;
  }
  else if (url.host && !LOCAL_HOSTS.test(url.host) && !/^[\d.]+$/.test(url.host)) base = toEnvName(url.host.split('.')[0]);
  else base = toEnvName(url.scheme.split('+')[0]);
  return { urlName: `${base}_URL`, passwordName: `${base}_PASSWORD` };
}

export const SERVICE_BY_MODULE: Record<string, string> = {
  psycopg2: 'POSTGRES', psycopg: 'POSTGRES', asyncpg: 'POSTGRES', pg8000: 'POSTGRES',
  pymysql: 'MYSQL', mysql: 'MYSQL', MySQLdb: 'MYSQL', snowflake: 'SNOWFLAKE', boto3: 'AWS', botocore: 'AWS',
  redis: 'REDIS', pymongo: 'MONGO', motor: 'MONGO', requests: 'API', httpx: 'API', aiohttp: 'API', urllib3: 'API',
  sqlalchemy: 'DB', pyodbc: 'DB', cx_Oracle: 'ORACLE', oracledb: 'ORACLE', google: 'GCP', airflow: 'AIRFLOW',
  clickhouse_driver: 'CLICKHOUSE', vertica_python: 'VERTICA', pika: 'RABBITMQ', kafka: 'KAFKA', confluent_kafka: 'KAFKA',
};

export function namedEnvName(name: string, qualifier: string | null): string {
  const env = toEnvName(name);
  return isBareCredentialTerm(name) && qualifier && !env.startsWith(`${qualifier}_`) ? `${qualifier}_${env}` : env;
}
