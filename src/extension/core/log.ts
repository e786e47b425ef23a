// The one "Nemo" log channel. The client's request log lines never carry the token, but every
// line still passes through redaction, because a token can hide in an error message or a
// backend echo and a log file is easy to paste into an issue.
import * as vscode from 'vscode';
import type { RequestLogLine } from '../../nemo';
import { safeText, SecretSet } from '../../shared/safeText';

/** A log line as every other output shows backend text: cleaned, the tokens in use and token shapes redacted. */
export function redact(text: string, secrets: Iterable<string>): string {
  return safeText(text, { secrets });
}

export function formatRequestLine(line: RequestLogLine): string {
  const parts = [line.method, line.path, line.status === undefined ? '—' : String(line.status), `${Math.round(line.ms)}ms`];
  if (line.requestId) parts.push(`req=${line.requestId}`);
  if (line.error) parts.push(line.error);
  return parts.join(' ');
}

export class NemoLog implements vscode.Disposable {
  private readonly secrets = new SecretSet();

  constructor(readonly channel: vscode.LogOutputChannel) {}

  static create(): NemoLog {
    return new NemoLog(vscode.window.createOutputChannel('Nemo', { log: true }));
  }

  /** Registers a value that must never be printed (the tokens in use). */
  addSecret(secret: string | undefined): void {
    this.secrets.add(secret);
  }

  request(line: RequestLogLine): void {
    const text = redact(formatRequestLine(line), this.secrets);
    if (line.error || (line.status !== undefined && line.status >= 400)) this.channel.warn(text);
    else this.channel.info(text);
  }

  info(message: string): void {
    this.channel.info(redact(message, this.secrets));
  }

  error(message: string, err?: unknown): void {
    const detail = err instanceof Error ? `${err.name}: ${err.message}` : err === undefined ? '' : String(err);
    this.channel.error(redact(detail ? `${message} (${detail})` : message, this.secrets));
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
