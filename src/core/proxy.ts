/** Which proxy a request goes through: the core `http proxy` node's settings, else the environment. */

export interface ProxySettings {
  url: string;
  noProxy: string[];
}

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name] ?? env[name.toLowerCase()];
  return v && v.trim() !== '' ? v.trim() : undefined;
}

/** Proxy settings from HTTP_PROXY / HTTPS_PROXY / NO_PROXY (either case), as curl reads them. */
export function proxyFromEnv(target: string, env: NodeJS.ProcessEnv = process.env): ProxySettings | undefined {
  const https = target.startsWith('https:');
  const url = https ? envValue(env, 'HTTPS_PROXY') ?? envValue(env, 'HTTP_PROXY') : envValue(env, 'HTTP_PROXY');
  if (!url) return undefined;
  const noProxy = (envValue(env, 'NO_PROXY') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return { url, noProxy };
}

/** Whether `target` is exempted by a NO_PROXY-style list (`*`, host, .domain, domain suffix, host:port). */
export function bypassesProxy(target: string, noProxy: readonly string[]): boolean {
  let host: string;
  let port: string;
  try {
    const u = new URL(target);
    host = u.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    port = u.port || (u.protocol === 'https:' ? '443' : '80');
  } catch {
    return false;
  }
  return noProxy.some((raw) => {
    const entry = raw.toLowerCase().trim();
    if (entry === '*') return true;
    const [name, entryPort] = entry.split(/:(?=\d+$)/);
    if (entryPort && entryPort !== port) return false;
    const bare = name.replace(/^\*?\./, '');
    return host === bare || host.endsWith('.' + bare);
  });
}

/** The proxy URL to use for `target`, or undefined for a direct connection. */
export function chooseProxy(target: string, configured: ProxySettings | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const settings = configured ?? proxyFromEnv(target, env);
  if (!settings) return undefined;
  return bypassesProxy(target, settings.noProxy) ? undefined : settings.url;
}
