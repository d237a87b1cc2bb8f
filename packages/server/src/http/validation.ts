import type { FastifyInstance } from 'fastify';
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
