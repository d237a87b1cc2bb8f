import type { FastifyInstance } from 'fastify';
import { HttpError } from './errors.ts';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Bodies are JSON and must have the declared types exactly: `"quantity": "5"` is a 400, not a 5,
 * and unknown fields are refused rather than silently dropped. Query strings, path parameters and
 * headers are text by nature, so they are coerced.
 */
export function installValidation(app: FastifyInstance) {
  const strict = addFormats(new Ajv({ coerceTypes: false, useDefaults: true, removeAdditional: false, strict: false }));
  const coercing = addFormats(new Ajv({ coerceTypes: 'array', useDefaults: true, removeAdditional: false, strict: false }));
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
}

/** Where in a parsed body a text holds a NUL character, as "body.items[0].name", or undefined. */
function nulAt(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  // A raw body (a picture, a signed webhook) is bytes, not text.
  if (Buffer.isBuffer(value)) return undefined;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = nulAt(item, `${path}[${i}]`);
      if (found) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = nulAt(item, `${path}.${key}`) ?? (key.includes('\u0000') ? `${path}.${key}` : undefined);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * No text may hold a NUL character: PostgreSQL cannot store one (it would be a 500 there, and be
 * stored on SQLite), and no name, message or answer needs one. Refused alike on both databases.
 */
export function refuseNulCharacters(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const found = nulAt(request.body, 'body') ?? nulAt(request.query, 'querystring') ?? nulAt(request.params, 'params');
    if (found) throw new HttpError('invalid_request', `${found} must not contain a NUL character (\\u0000)`);
  });
}
