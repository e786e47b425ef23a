// undici does not see VS Code's proxy patch of Node's http module, so the client gets its own
// dispatcher: `http.proxy` wins, else the HTTPS_PROXY/HTTP_PROXY/NO_PROXY environment. This module
// only decides; the agent itself is built from the lazily loaded client bundle.
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
