// The page's HTML and its Content Security Policy. Pure (no vscode) so the page tests in
// Chromium load exactly what the editor loads.
import { randomBytes } from 'node:crypto';

/** A fresh script nonce per page load: 128 random bits. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Nothing by default; the one bundled script by nonce; styles and local media from the webview's
 * resource origin; thumbnails also from https (the media CDN); no network from script at all.
 */
export function timelineCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource}`,
    `img-src ${cspSource} https:`,
    `media-src ${cspSource}`,
    `font-src ${cspSource}`,
    "connect-src 'none'",
    "frame-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export interface TimelineHtmlOptions {
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  nonce: string;
  title: string;
  lang?: string;
  /** The editor's translations (vscode.l10n.bundle): the page cannot read l10n files itself. */
  l10nBundle?: Record<string, string>;
}

export function buildTimelineHtml(o: TimelineHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="${escapeAttr(o.lang ?? 'en')}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttr(timelineCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${o.l10nBundle ? `<meta name="nemo-l10n" content="${escapeAttr(JSON.stringify(o.l10nBundle))}">\n` : ''}<link rel="stylesheet" href="${escapeAttr(o.styleUri)}">
<title>${escapeText(o.title)}</title>
</head>
<body>
<script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}
