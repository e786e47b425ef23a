// A wait before Nemo is asked again (the client's `onWait`), shown as a cancellable notification
// counting down in src/chat's words, whatever started the request (chat, a command, the panel, a
// tool). Cancel ends the wait: the request is not sent again and fails with what was waited out.
import * as vscode from 'vscode';
import { retryWaitWords } from '../../chat';
import type { RetryWait } from '../../nemo';

export function showRetryWait(wait: RetryWait, now: () => number = Date.now): void {
  const until = now() + wait.delayMs;
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Nemo', cancellable: true }, async (progress, token) => {
    const cancelled = token.onCancellationRequested(() => wait.cancel());
    const tell = (): void => progress.report({ message: retryWaitWords({ ...wait, delayMs: Math.max(0, until - now()) }) });
    tell();
    const ticking = setInterval(tell, 1000);
    try {
      await wait.done;
    } finally {
      clearInterval(ticking);
      cancelled.dispose();
    }
  });
}
