// What pageHarness's fake host keeps on the page's window, for the tests' in-page callbacks.
interface Window {
  /** Every message the page posted to the host, in order. */
  __posted: unknown[];
  /** The page's last setState() (what getState() returns). */
  __state: unknown;
}
