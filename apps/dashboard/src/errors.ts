import type { TFunction } from 'i18next';
import { ApiError } from './api-client.ts';

/** A refusal in the organizer's words: at the fields of the form it concerns, else for the whole form. */
export interface Problem {
  /** By the field's path in the request body ("name", "text.nl", "options[1].label.en"). */
  fields: Record<string, string>;
  form?: string;
}

export const noProblem: Problem = { fields: {} };

/** A mistake the dashboard sees before sending (a price it cannot read), said at its field like the server's. */
export class InputProblem {
  constructor(
    readonly field: string,
    readonly text: string,
  ) {}
}

/** The field a refusal is about: the answer names it, or else the message of invalid input does first ("endsAt must ...", "body.name must ..."). */
const fieldOf = (error: ApiError) =>
  error.details.field ?? (error.code === 'invalid_request' ? /^(?:body\.)?([a-zA-Z][\w.[\]]*)(?=:| must | is )/.exec(error.message)?.[1] : undefined);

/** "options[1].label.en" as a translation key: options_item_label_en. */
const keyOf = (field: string) => field.replace(/\[\d+\]/g, '.item').replace(/\./g, '_');

/**
 * Invalid input in words: a rule of the input's schema (too long, missing) is said alike for every field,
 * unless the field has its own sentence for it; a rule of the domain ("the end must be after the start")
 * has a sentence per field.
 */
function invalidText(error: ApiError, field: string | undefined, t: TFunction) {
  const { rule, limit } = error.details;
  // An empty name breaks "at least 1 character": to a person that is a field left empty.
  const broken = rule === 'minLength' && limit === 1 ? 'required' : rule;
  const key = field && keyOf(field);
  const keys = [...(key ? [broken ? `errors.fields.${key}_${broken}` : `errors.fields.${key}`] : []), ...(broken ? [`errors.rules.${broken}`] : []), 'errors.invalid'];
  return t(keys, { limit });
}

/**
 * Any other refusal by its code, said for its field where the field has a sentence for that code; a
 * number the sentence needs ("2 gate devices scan for this list") comes first in the server's message.
 */
function codeText(error: ApiError, field: string | undefined, t: TFunction) {
  const keys = [...(field ? [`errors.fields.${keyOf(field)}_${error.code}`] : []), `errors.${error.code}`, 'errors.unknown'];
  return t(keys, { count: Number(/^\d+/.exec(error.message)?.[0] ?? 1) });
}

/**
 * What went wrong, translated, for a form that shows these request fields: an error about one of them
 * goes to that field, anything else to the form. The server's own sentences (English, with JSON paths
 * such as "body.name must NOT have fewer than 1 characters") are never shown.
 */
export function explainError(error: unknown, t: TFunction, formFields: readonly string[] = []): Problem {
  const at = (field: string | undefined, text: string): Problem => (field && formFields.includes(field) ? { fields: { [field]: text } } : { fields: {}, form: text });
  if (error === undefined || error === null || error === '') return noProblem;
  if (typeof error === 'string') return { fields: {}, form: error };
  if (error instanceof InputProblem) return at(error.field, error.text);
  if (!(error instanceof ApiError)) {
    // A TypeError is fetch failing to reach the server; other errors carry a sentence of the dashboard's own.
    return { fields: {}, form: error instanceof TypeError ? t('app.offline') : error instanceof Error ? error.message : t('errors.unknown') };
  }
  const field = fieldOf(error);
  return at(field, error.code === 'invalid_request' ? invalidText(error, field, t) : codeText(error, field, t));
}
