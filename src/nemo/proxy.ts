// Which proxy the client goes through, for the extension and the CLI alike: undici does not see VS
// Code's proxy patch of Node's http module, so the client gets its own dispatcher: `http.proxy`
// (editor only) wins, else the HTTPS_PROXY/HTTP_PROXY/NO_PROXY environment. This module only
// decides (no undici here: the extension reads it without loading the client); the agent itself is
// undici's EnvHttpProxyAgent, built from the client bundle.
export interface ProxyChoice {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

const LOCAL = 'localhost,127.0.0.1,::1';

function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[name] || env[name.toLowerCase()] || undefined;
}

/** What proxy to use, or undefined for a direct connection. This machine is never proxied. */
export function chooseProxy(httpProxySetting: string | undefined, env: NodeJS.ProcessEnv): ProxyChoice | undefined {
  const noProxy = [envValue(env, 'NO_PROXY'), LOCAL].filter(Boolean).join(',');
  const setting = httpProxySetting?.trim();
  if (setting) return { httpProxy: setting, httpsProxy: setting, noProxy };
  const httpsProxy = envValue(env, 'HTTPS_PROXY');
  const httpProxy = envValue(env, 'HTTP_PROXY');
  if (!httpsProxy && !httpProxy) return undefined;
  return { ...(httpProxy ? { httpProxy } : {}), ...(httpsProxy ?? httpProxy ? { httpsProxy: httpsProxy ?? httpProxy } : {}), noProxy };
}

/** Whether NO_PROXY-style entries (host, .suffix, *.suffix, *, optional :port) cover this URL. */
function bypassed(noProxy: string | undefined, url: URL): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return (noProxy ?? '').split(/[,\s]+/).filter(Boolean).some((entry) => {
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase().replace(/^\[|\]$/g, ''))!;
    if (m[2] && m[2] !== port) return false;
    const name = m[1].replace(/^\*?\./, '');
    return host === name || host.endsWith(`.${name}`);
  });
}

/**
 * The proxy a request to `baseUrl` actually goes through under `choice`, or undefined when it goes
 * direct (no proxy, or NO_PROXY covers the host): what "Check Connection" and `nemo doctor` report.
 */
export function proxyFor(choice: ProxyChoice | undefined, baseUrl: string): string | undefined {
  if (!choice) return undefined;
  const url = new URL(baseUrl);
  if (bypassed(choice.noProxy, url)) return undefined;
  return url.protocol === 'https:' ? choice.httpsProxy : choice.httpProxy;
}
