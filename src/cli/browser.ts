// Opens a link in the person's browser with the system's own opener (xdg-open, open, or Windows'
// URL handler), spawned directly: no npm package (the `open` package is ESM-only in its current
// majors and the CLI is a CommonJS bundle), no shell (the link is one argument, never parsed by a
// shell). The opener is started detached and let go; only whether it could start is reported.
import { spawn } from 'node:child_process';

/** The opener for this platform and the arguments it takes before the link. */
export function browserCommand(platform: NodeJS.Platform): { command: string; args: string[] } {
  switch (platform) {
    case 'darwin': return { command: 'open', args: [] };
    // rundll32's URL handler takes the link as it is; `cmd /c start` would parse `&` and `^` in it.
    case 'win32': return { command: 'rundll32', args: ['url.dll,FileProtocolHandler'] };
    default: return { command: 'xdg-open', args: [] };
  }
}

/** Starts the opener; true once it started, false when it could not (none installed, no display). */
export function openInBrowser(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  const { command, args } = browserCommand(platform);
  return new Promise((resolve) => {
    const child = spawn(command, [...args, url], { env, detached: true, stdio: 'ignore', windowsHide: true });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}
