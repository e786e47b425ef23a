// Multi-step input the way a person expects it: each step a quick pick or an input box showing
// "(2/4)", a Back button from the second step on that returns to the previous step with what was
// chosen there, Enter on what the person typed always doing something (a pick can offer the typed
// text as its first item), and Escape ending the whole input.
import * as vscode from 'vscode';

/** What a step returns when the person pressed Back. */
export const BACK = Symbol('back');
type Answer<T> = T | typeof BACK | undefined;

export interface StepPosition {
  title: string;
  step: number;
  totalSteps: number;
}

export interface PickItem<T> extends vscode.QuickPickItem {
  value: T;
}

export interface PickOptions<T> extends StepPosition {
  placeholder: string;
  items: readonly PickItem<T>[];
  /** Turns what the person typed into an item offered first (their own words); undefined: nothing to offer. */
  typed?: (text: string) => PickItem<T> | undefined;
  /** The filter text to start with (what was typed before, when coming back). */
  value?: string;
  /** The item highlighted at first (the earlier choice, or the default). */
  active?: T;
}

export interface InputOptions extends StepPosition {
  prompt: string;
  value: string;
  /** The problem with a value, or undefined when it is fine; Enter on a bad value shows the problem. */
  validate(value: string): string | undefined;
}

function place(input: vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[] }, o: StepPosition): void {
  input.title = o.title;
  input.step = o.step;
  input.totalSteps = o.totalSteps;
  input.ignoreFocusOut = true;
  input.buttons = o.step > 1 ? [vscode.QuickInputButtons.Back] : [];
}

/** Settles once with the accepted value, BACK or undefined (hidden), then disposes the input. */
function settle<T>(input: vscode.QuickInput & { onDidTriggerButton: vscode.Event<vscode.QuickInputButton> }, wire: (done: (a: Answer<T>) => void) => void): Promise<Answer<T>> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (a: Answer<T>) => {
      if (settled) return;
      settled = true;
      resolve(a);
      input.dispose();
    };
    input.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && done(BACK));
    input.onDidHide(() => done(undefined));
    wire(done);
    input.show();
  });
}

export function pick<T>(o: PickOptions<T>): Promise<Answer<T>> {
  const qp = vscode.window.createQuickPick<PickItem<T>>();
  place(qp, o);
  qp.placeholder = o.placeholder;
  qp.matchOnDescription = true;
  const refresh = () => {
    const own = o.typed?.(qp.value);
    qp.items = own ? [{ ...own, alwaysShow: true }, ...o.items] : o.items;
    if (own) qp.activeItems = [qp.items[0]];
  };
  return settle<T>(qp, (done) => {
    qp.onDidChangeValue(refresh);
    qp.onDidAccept(() => {
      const item = qp.selectedItems[0] ?? qp.activeItems[0];
      if (item) done(item.value);
    });
    qp.value = o.value ?? '';
    refresh();
    const active = qp.items.find((i) => i.value === o.active);
    if (active && !o.typed?.(qp.value)) qp.activeItems = [active];
  });
}

export function input(o: InputOptions): Promise<Answer<string>> {
  const box = vscode.window.createInputBox();
  place(box, o);
  box.prompt = o.prompt;
  box.value = o.value;
  return settle<string>(box, (done) => {
    box.onDidChangeValue((v) => (box.validationMessage = o.validate(v)));
    box.onDidAccept(() => {
      const problem = o.validate(box.value);
      if (problem) box.validationMessage = problem;
      else done(box.value);
    });
  });
}

/**
 * Runs the steps in order over one state: a step's answer moves on, BACK goes to the previous step
 * (which starts from what the state holds), undefined (Escape) ends the input with nothing.
 */
export async function runSteps<S>(state: S, steps: readonly ((s: S) => Promise<S | typeof BACK | undefined>)[]): Promise<S | undefined> {
  let i = 0;
  while (i < steps.length) {
    const next = await steps[i](state);
    if (next === undefined) return undefined;
    if (next === BACK) {
      i = Math.max(0, i - 1);
      continue;
    }
    state = next;
    i++;
  }
  return state;
}
