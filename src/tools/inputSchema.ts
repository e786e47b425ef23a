// The tools' input schemas: the small part of JSON Schema they use, written as plain data (the same
// objects go into package.json's languageModelTools and the MCP tool list), and the check every tool
// runs on its input before anything is sent. A host may validate first (VS Code, the MCP SDK); the
// tool does not count on it, and says what is wrong in words a model can act on.
import * as l10n from '@vscode/l10n';

export type JsonSchema =
  | { type: 'string'; description?: string; enum?: readonly string[]; minLength?: number; maxLength?: number }
  | { type: 'number' | 'integer'; description?: string; minimum?: number; maximum?: number }
  | { type: 'boolean'; description?: string }
  | { type: 'array'; description?: string; items: JsonSchema; minItems?: number; maxItems?: number };

/** A tool's input: always an object, never with properties the schema does not name. */
export interface ObjectSchema {
  type: 'object';
  properties: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  additionalProperties: false;
}

export type CheckedInput = { ok: true; value: Record<string, unknown> } | { ok: false; problems: string[] };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkValue(schema: JsonSchema, v: unknown, at: string, problems: string[]): void {
  switch (schema.type) {
    case 'string':
      if (typeof v !== 'string') return void problems.push(l10n.t('{0} must be a string', at));
      if (schema.enum && !schema.enum.includes(v)) return void problems.push(l10n.t('{0} must be one of {1}', at, schema.enum.join(', ')));
      if (schema.minLength !== undefined && v.trim().length < schema.minLength) problems.push(l10n.t('{0} must not be empty', at));
      if (schema.maxLength !== undefined && v.length > schema.maxLength) problems.push(l10n.t('{0} must be at most {1} characters', at, schema.maxLength));
      return;
    case 'number':
    case 'integer':
      if (typeof v !== 'number' || !Number.isFinite(v) || (schema.type === 'integer' && !Number.isInteger(v))) {
        return void problems.push(schema.type === 'integer' ? l10n.t('{0} must be a whole number', at) : l10n.t('{0} must be a number', at));
      }
      if ((schema.minimum !== undefined && v < schema.minimum) || (schema.maximum !== undefined && v > schema.maximum)) {
        problems.push(l10n.t('{0} must be between {1} and {2}', at, schema.minimum ?? '-∞', schema.maximum ?? '∞'));
      }
      return;
    case 'boolean':
      if (typeof v !== 'boolean') problems.push(l10n.t('{0} must be true or false', at));
      return;
    case 'array':
      if (!Array.isArray(v)) return void problems.push(l10n.t('{0} must be a list', at));
      if (schema.minItems !== undefined && v.length < schema.minItems) problems.push(l10n.t('{0} needs at least {1} item(s)', at, schema.minItems));
      if (schema.maxItems !== undefined && v.length > schema.maxItems) problems.push(l10n.t('{0} takes at most {1} items', at, schema.maxItems));
      v.forEach((item, i) => checkValue(schema.items, item, `${at}[${i}]`, problems));
      return;
  }
}

/** Checks a tool's input against its schema: every problem at once, each naming the field. */
export function checkInput(schema: ObjectSchema, input: unknown): CheckedInput {
  if (!isRecord(input)) return { ok: false, problems: [l10n.t('the input must be a JSON object')] };
  const problems: string[] = [];
  for (const key of Object.keys(input)) {
    if (!(key in schema.properties)) problems.push(l10n.t('unknown field {0} (allowed: {1})', key, Object.keys(schema.properties).join(', ') || '-'));
  }
  for (const key of schema.required ?? []) {
    if (input[key] === undefined) problems.push(l10n.t('{0} is required', key));
  }
  for (const [key, prop] of Object.entries(schema.properties)) {
    if (input[key] !== undefined) checkValue(prop, input[key], key, problems);
  }
  return problems.length === 0 ? { ok: true, value: input } : { ok: false, problems };
}
