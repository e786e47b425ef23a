// What a finished turn came to (src/chat/turnOutcome.ts), the one reading every front end shows,
// and the agent's questions (src/chat/questions.ts): pure, from turn outcomes built by hand.
import assert from 'node:assert/strict';
import { defaultChoices, choicesFromNumbers, formatAnswer, parseQuestions, questionsOf, type AgentQuestions } from '../../../src/chat/questions';
import { brokenProgress, readTurn, type FinishedTurn } from '../../../src/chat/turnOutcome';
import { toUserMessage } from '../../../src/chat/userMessage';
import { diffDrafts, describeChanges, parseDraft } from '../../../src/draft';
import { NemoError } from '../../../src/nemo/errors';
import type { SessionState } from '../../../src/nemo/state';

const DRAFT_1 = { d: 5000, t: [{ tt: 0, sg: [{ st: 0, d: 5000, m: { name: 'lighthouse' } }] }] };
const DRAFT_2 = { d: 5000, t: [...DRAFT_1.t, { tt: 1, sg: [{ st: 0, d: 5000, m: { name: 'Lo-fi', vol: 0.3 } }] }] };

function state(draft: unknown): SessionState {
  return { sessionId: 's1', state: { draft }, rawDraft: draft === undefined ? undefined : JSON.stringify(draft), draft: parseDraft(draft) };
}

function turn(over: Partial<FinishedTurn> & { after?: unknown } = {}): FinishedTurn {
  const before = state(DRAFT_1);
  const after = 'after' in over ? (over.after === null ? undefined : state(over.after)) : before;
  const changes = after ? diffDrafts(before.draft, after.draft) : [];
  return {
    text: 'Done.', toolCalls: [], streamErrors: [], stateBefore: before, stateAfter: after,
    changes, changeDescription: describeChanges(changes), silent: false, ...over,
  };
}

const QUESTION_ARGS = {
  title: 'Before I start',
  questions: [
    { id: 'style', prompt: 'Which style?', options: [{ id: 'a', label: 'Cinematic' }, { id: 'b', label: 'Playful' }], allow_multiple: false },
    { id: 'extras', prompt: 'What else?', options: [{ id: 'm', label: 'Music' }, { id: 't', label: 'Titles' }, { id: 'v', label: 'Voice-over' }], allow_multiple: true },
  ],
};

describe('readTurn: what a finished turn came to', () => {
  it('a turn with text: done, no "what changed" line, credits and the timeline last', () => {
    const r = readTurn(turn({ after: DRAFT_2, creditsBefore: { available: 200, frozen: 0, total: 200 }, creditsAfter: { available: 150, frozen: 0, total: 200 } }));
    assert.equal(r.status, 'done');
    assert.equal(r.error, undefined);
    assert.equal(r.changed, '');
    assert.deepEqual(r.closing, ['This turn used 50 credits; 150 left.', r.summary]);
    assert.match(r.summary, /^Timeline \(2 tracks\)/);
  });

  it('a silent turn says what changed, or that nothing did', () => {
    const changed = readTurn(turn({ text: '', silent: true, after: DRAFT_2 }));
    assert.equal(changed.status, 'done');
    assert.match(changed.changed, /^Changed: .*added/);
    assert.equal(readTurn(turn({ text: '', silent: true })).changed, 'Nothing changed on the timeline.');
  });

  it('an error inside the stream: failed, with a NemoError of kind agent carrying the words, and what changed said', () => {
    const r = readTurn(turn({ text: 'Sure! I\'ll', streamErrors: ['model overloaded'], after: DRAFT_2 }));
    assert.equal(r.status, 'failed');
    assert.equal(r.error?.kind, 'agent');
    assert.equal(r.error?.didNothing, false, 'it ran: never resent');
    assert.match(r.changed, /^Changed: /, 'it may have changed the timeline before failing');
    assert.equal(toUserMessage(r.error, { operation: 'chat' }),
      'Message failed: the agent reported an error (model overloaded). It may have changed part of the timeline: check it (status) before sending the message again.');
  });

  it('a question: awaiting-input with the questions, never silent or "nothing changed"', () => {
    const r = readTurn(turn({ text: '', silent: true, toolCalls: [{ name: 'ask_question', args: QUESTION_ARGS }] }));
    assert.equal(r.status, 'awaiting-input');
    assert.equal(r.changed, '');
    assert.deepEqual(r.questions?.questions.map((q) => q.id), ['style', 'extras']);
    assert.equal(r.closing.includes('Nothing changed on the timeline.'), false);
    assert.match(r.summary, /^Timeline \(/, 'asked about an existing timeline: it is still shown');
    const first = readTurn(turn({ toolCalls: [{ name: 'ask_question', args: QUESTION_ARGS }], stateBefore: state(undefined), after: undefined }));
    assert.equal(first.summary, '', 'asked before any timeline exists: no "No timeline yet."');
  });

  it('an error wins over a question asked before it', () => {
    const r = readTurn(turn({ toolCalls: [{ name: 'ask_question', args: QUESTION_ARGS }], streamErrors: ['boom'] }));
    assert.equal(r.status, 'failed');
    assert.equal(r.questions, undefined);
  });

  it('a broken or timed-out stream: interrupted, never resent, what changed from the polled state', () => {
    const broken = readTurn(turn({ broken: new NemoError('stream', 'reset'), after: DRAFT_2 }));
    assert.equal(broken.status, 'interrupted');
    assert.match(broken.interruption, /stream broke; the message was not sent again/);
    assert.match(broken.changed, /^Changed: /);
    const timedOut = readTurn(turn({ broken: new NemoError('timeout', 'quiet'), after: null }));
    assert.match(timedOut.interruption, /timed out/);
    assert.equal(timedOut.changed, 'The timeline could not be read after the turn.');
    assert.match(brokenProgress(new NemoError('timeout', 'x')), /timed out.*not sent again/);
    assert.match(brokenProgress(new NemoError('connection', 'x')), /stream broke.*not sent again/);
  });

  it('a message resent after a lost session says so first', () => {
    const r = readTurn(turn(), { resentAfterLostSession: true });
    assert.match(r.closing[0], /previous session was lost.*sent again in a new session/);
    assert.equal(readTurn(turn()).sessionNote, '');
  });
});

describe('agent questions', () => {
  it('reads the contract shape and tolerates variations (bare-string options, camelCase, missing ids)', () => {
    const qs = parseQuestions(QUESTION_ARGS)!;
    assert.equal(qs.title, 'Before I start');
    assert.deepEqual(qs.questions[1], { id: 'extras', prompt: 'What else?', allowMultiple: true,
      options: [{ id: 'm', label: 'Music' }, { id: 't', label: 'Titles' }, { id: 'v', label: 'Voice-over' }] });
    const loose = parseQuestions({ questions: [{ question: 'Ratio?', options: ['16:9', { label: '9:16' }], allowMultiple: true }, 'junk', { options: [] }] })!;
    assert.deepEqual(loose.questions, [{ id: '1', prompt: 'Ratio?', allowMultiple: true, options: [{ id: '16:9', label: '16:9' }, { id: '2', label: '9:16' }] }]);
    assert.equal(parseQuestions({ questions: [] }), undefined);
    assert.equal(parseQuestions('nope'), undefined);
    assert.equal(questionsOf([{ name: 'generate_video', args: {} }]), undefined);
  });

  it('answers in the contract format: one line per question, labels comma-separated', () => {
    const qs = parseQuestions(QUESTION_ARGS) as AgentQuestions;
    assert.equal(formatAnswer(qs, [['b'], ['m', 'v']]), '1. Which style?: Playful\n2. What else?: Music, Voice-over');
    assert.equal(formatAnswer(qs, defaultChoices(qs)), '1. Which style?: Cinematic\n2. What else?: Music');
    // A single-choice question keeps one choice; unknown ids are dropped; nothing chosen still keeps the numbering.
    assert.equal(formatAnswer(qs, [['a', 'b'], ['zzz']]), '1. Which style?: Cinematic\n2. What else?: (no answer)');
  });

  it('reads typed numbers: one for a single choice, several for a multi-select, nothing out of range', () => {
    const [style, extras] = (parseQuestions(QUESTION_ARGS) as AgentQuestions).questions;
    assert.deepEqual(choicesFromNumbers(style, '2'), ['b']);
    assert.equal(choicesFromNumbers(style, '1,2'), undefined);
    assert.deepEqual(choicesFromNumbers(extras, '3, 1 3'), ['v', 'm']);
    assert.equal(choicesFromNumbers(extras, '4'), undefined);
    assert.equal(choicesFromNumbers(extras, ''), undefined);
    assert.equal(choicesFromNumbers(extras, 'music'), undefined);
  });
});
