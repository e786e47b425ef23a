// The one list of Nemo's tools for agents: what each is called, what a model is told about it, the
// input it takes and what it costs. The VS Code language model tools (package.json's
// languageModelTools must equal these, a manifest test checks it) and `nemo mcp` both read it.
import type { ObjectSchema } from './inputSchema';

export type ToolName =
  | 'nemo_generate_video'
  | 'nemo_edit_video'
  | 'nemo_answer_question'
  | 'nemo_show_timeline'
  | 'nemo_export_video'
  | 'nemo_upload_media'
  | 'nemo_credits'
  | 'nemo_open_in_web_editor';

export interface ToolSpec {
  name: ToolName;
  /** `#nemoGenerate` in a VS Code prompt. */
  toolReferenceName: string;
  /** What a model reads to decide when and how to call the tool (English: models read it, people do not). */
  modelDescription: string;
  inputSchema: ObjectSchema;
  /**
   * Credits a call is expected to spend (the contract's rough costs); 0 for tools that spend none.
   * A tool that spends asks the person first in VS Code, with this and the balance.
   */
  expectedCredits: number;
}

/** Contract § Credits: about 100 a generated clip, about 50 an editing turn. */
export const GENERATION_CREDITS = 100;
export const EDIT_CREDITS = 50;

const NO_INPUT: ObjectSchema = { type: 'object', properties: {}, additionalProperties: false };

export const TOOL_CATALOG: readonly ToolSpec[] = [
  {
    name: 'nemo_generate_video',
    toolReferenceName: 'nemoGenerate',
    modelDescription:
      'Generate a new video with the Nemo video agent from a text prompt. Starts a new Nemo project (the current video is kept in Nemo but no longer edited). '
      + 'Write the prompt from what the user asked and from the workspace (release notes, README, product names): scenes, on-screen text, title, mood. '
      + 'Takes 2-5 minutes and spends about 100 credits. Returns what the agent did and the timeline; then use nemo_edit_video to change it and nemo_export_video to get the MP4. '
      + 'If the result says the agent asked a question, call nemo_answer_question.',
    inputSchema: {
      type: 'object',
      properties: {
        prompt: { type: 'string', minLength: 1, maxLength: 4000, description: 'What the video shows: scenes, text on screen, title, style.' },
        ratio: { type: 'string', enum: ['16:9', '9:16', '1:1'], description: 'Aspect ratio: 16:9 landscape, 9:16 vertical, 1:1 square.' },
        durationSeconds: { type: 'number', minimum: 1, maximum: 600, description: 'Length of the video in seconds.' },
        music: { type: 'boolean', description: 'true: add background music; false: no music; leave out to let the agent decide.' },
      },
      required: ['prompt'],
      additionalProperties: false,
    },
    expectedCredits: GENERATION_CREDITS,
  },
  {
    name: 'nemo_edit_video',
    toolReferenceName: 'nemoEdit',
    modelDescription:
      'Change the current Nemo video with one instruction in plain words, e.g. "make the title bigger", "swap the music for something calmer", "make it 15 seconds". '
      + 'Needs a video made with nemo_generate_video first. Spends about 50 credits. Returns what changed and the new timeline.',
    inputSchema: {
      type: 'object',
      properties: {
        instruction: { type: 'string', minLength: 1, maxLength: 4000, description: 'The change to make, in plain words.' },
      },
      required: ['instruction'],
      additionalProperties: false,
    },
    expectedCredits: EDIT_CREDITS,
  },
  {
    name: 'nemo_answer_question',
    toolReferenceName: 'nemoAnswer',
    modelDescription:
      'Answer the question the Nemo agent asked at the end of the last generate or edit call, so it can go on. '
      + 'Give one answer per question, in order, each the chosen option label(s) exactly as listed (several only where the question allows more than one). '
      + 'Spends credits like an edit (about 50). Returns what the agent did next.',
    inputSchema: {
      type: 'object',
      properties: {
        answers: {
          type: 'array',
          minItems: 1,
          maxItems: 20,
          description: 'One entry per question, in the order asked: the chosen option label(s), comma-separated.',
          items: { type: 'string', minLength: 1, maxLength: 500 },
        },
      },
      required: ['answers'],
      additionalProperties: false,
    },
    expectedCredits: EDIT_CREDITS,
  },
  {
    name: 'nemo_show_timeline',
    toolReferenceName: 'nemoTimeline',
    modelDescription:
      'Read the current Nemo video\'s timeline: its tracks (video, music, titles) with their times, and whether it is ready to export. Free and read-only.',
    inputSchema: NO_INPUT,
    expectedCredits: 0,
  },
  {
    name: 'nemo_export_video',
    toolReferenceName: 'nemoExport',
    modelDescription:
      'Render the current Nemo video and save it as an MP4 file. Free (no credits). Takes 30-90 seconds. '
      + 'Returns the path of the saved file. '
      + 'where: "cloud" renders on Nemo\'s servers (the default); "local" renders on this machine with ffmpeg, for when the cloud export is refused on the free plan. '
      + 'folder: where to save it, a folder inside the workspace (relative path); leave out for the configured export folder.',
    inputSchema: {
      type: 'object',
      properties: {
        where: { type: 'string', enum: ['cloud', 'local'], description: 'cloud (default) or local (ffmpeg on this machine).' },
        folder: { type: 'string', minLength: 1, maxLength: 500, description: 'Folder inside the workspace to save the MP4 in, e.g. "docs".' },
      },
      additionalProperties: false,
    },
    expectedCredits: 0,
  },
  {
    name: 'nemo_upload_media',
    toolReferenceName: 'nemoUpload',
    modelDescription:
      'Upload media files from the workspace (screenshots, clips, logos, music) to the current Nemo project so the agent can use them; then mention them in nemo_edit_video. '
      + 'Paths are relative to the workspace folder and must stay inside it. Accepted: mp4, mov, avi, webm, mkv, jpg, png, gif, webp, mp3, wav, m4a, aac, at most 500 MB each. Free.',
    inputSchema: {
      type: 'object',
      properties: {
        paths: {
          type: 'array',
          minItems: 1,
          maxItems: 20,
          description: 'Files to upload, relative to the workspace folder.',
          items: { type: 'string', minLength: 1, maxLength: 1000 },
        },
      },
      required: ['paths'],
      additionalProperties: false,
    },
    expectedCredits: 0,
  },
  {
    name: 'nemo_credits',
    toolReferenceName: 'nemoCredits',
    modelDescription:
      'Read the Nemo credit balance: available credits and those reserved for work in progress. A new video costs about 100, an edit about 50, export is free. Free and read-only.',
    inputSchema: NO_INPUT,
    expectedCredits: 0,
  },
  {
    name: 'nemo_open_in_web_editor',
    toolReferenceName: 'nemoWebEditor',
    modelDescription:
      'Get a link that opens the current Nemo video in Nemo\'s web editor, in the browser, where the user can go on editing it by hand. '
      + 'Needs a video made with nemo_generate_video first. Free. Returns the link and how long it works: give it to the user as a link to click, soon (it expires within minutes). '
      + 'The link carries a short-lived sign-in for this project only, never the user\'s token.',
    inputSchema: NO_INPUT,
    expectedCredits: 0,
  },
];

export function toolSpec(name: string): ToolSpec | undefined {
  return TOOL_CATALOG.find((t) => t.name === name);
}
