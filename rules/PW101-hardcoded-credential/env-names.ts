// Environment variable names the fixes and messages suggest: from the variable, keyword or key
// the secret is bound to, the URL's database or host, or the service the library talks to.

import { isBareCredentialTerm, isPasswordName, nameParts, toEnvName, type UrlPassword } from '../../server/src/engine/secrets';

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


export function namedEnvName(name: string, qualifier: string | null): string {
  const env = toEnvName(name);
  return isBareCredentialTerm(name) && qualifier && !env.startsWith(`${qualifier}_`) ? `${qualifier}_${env}` : env;
}

/**
 * `PWD=…` in `conn_str` → `CONN_PASSWORD`; `password=…` passed to psycopg2 → `POSTGRES_PASSWORD`;
 * a specific option name (`aws_secret_access_key`) names itself.
 */
export function inlineEnvName(key: string, contextName: string | null, qualifier: string | null): string {
  // libpq reads PGPASSWORD itself: the variable keeps its name.
  if (!isBareCredentialTerm(key) || /^pgpassword$/i.test(key)) return toEnvName(key);
  const term = isPasswordName(key) ? 'PASSWORD' : toEnvName(key);
  let base = qualifier;
  if (contextName && !isBareCredentialTerm(contextName)) {
    const parts = nameParts(contextName);
    while (parts.length > 0 && URL_NAME_SUFFIXES.has(parts[parts.length - 1])) parts.pop();
    if (parts.length > 0) base = toEnvName(parts.join('_'));
  }
  return `${base ?? 'DB'}_${term}`;
}
