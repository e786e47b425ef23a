// The handle VS Code gives the page. Only these three calls exist; the fake host in the page
// tests provides the same.
export interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function getVsCodeApi(): VsCodeApi {
  return acquireVsCodeApi();
}
