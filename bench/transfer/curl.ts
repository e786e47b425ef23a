// curl, the reference for raw transfer speed. Headers go through a file (`-H @file`) so the token
// is not on a command line; the time is curl's own (--write-out), without its process start-up.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Credentials } from '../support/emulator';
import { runCommand } from '../support/children';

export interface CurlSample {
  ms: number;
  bytes: number;
  status: number;
  body: string;
}

const MARK = '\n@@curl ';

function parse(stdout: string): CurlSample {
  const at = stdout.lastIndexOf(MARK);
  if (at < 0) throw new Error(`curl printed no statistics: ${stdout.slice(0, 200)}`);
  const [status, seconds, bytes] = stdout.slice(at + MARK.length).trim().split(' ').map(Number);
  return { status, ms: seconds * 1000, bytes, body: stdout.slice(0, at) };
}

export async function curlHeaderFile(dir: string, creds: Credentials): Promise<string> {
  const file = join(dir, 'curl-headers.txt');
  await writeFile(file, `Authorization: Bearer ${creds.token}\nX-Client-Id: ${creds.clientId}\n`, { mode: 0o600 });
  return file;
}

export async function curlUpload(url: string, headerFile: string, file: string): Promise<CurlSample> {
  const { stdout } = await runCommand('curl', [
    '-sS', '-H', `@${headerFile}`, '-F', `files=@${file};type=video/mp4`,
    '-w', `${MARK}%{http_code} %{time_total} %{size_upload}`, url,
  ]);
  return parse(stdout);
}

export async function curlDownload(url: string, dest: string): Promise<CurlSample> {
  const { stdout } = await runCommand('curl', ['-sS', '-o', dest, '-w', `${MARK}%{http_code} %{time_total} %{size_download}`, url]);
  return parse(stdout);
}
