import type { JsonSchema } from './openapi-routes.ts';

/** Strings whose pattern a generic 'x' would not meet, by field name. */
const byName: Record<string, unknown> = {
  currency: 'EUR',
  p256dh: `B${'A'.repeat(86)}`,
  auth: 'A'.repeat(22),
  endpoint: 'https://push.example.org/send/1',
};

const inTenDays = () => new Date(Date.now() + 10 * 86_400_000);

/**
 * One valid instance of a request schema: every required field, and every id field (so that a
 * test can aim the request at rows of its choice through `idFor(fieldName)`).
 */
export function example(schema: JsonSchema, idFor: (name: string) => string, name = ''): unknown {
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return example(options[0]!, idFor, name);
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (name in byName) return byName[name];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const required = new Set(schema.required ?? []);
      const fields = Object.entries(schema.properties ?? {}).filter(([key]) => required.has(key) || /Ids?$/.test(key));
      return Object.fromEntries(fields.map(([key, s]) => [key, example(s, idFor, key)]));
    }
    case 'array':
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => example(schema.items ?? {}, idFor, name.replace(/s$/, '')));
    case 'integer':
    case 'number':
      return Math.min(Math.max(schema.minimum ?? 1, 1), schema.maximum ?? Number.MAX_SAFE_INTEGER);
    case 'boolean':
      return false;
    case 'string':
      if (schema.format === 'uuid') return idFor(name);
      // Ends after starts: a later field name sorts later in time.
      if (schema.format === 'date-time') return new Date(inTenDays().getTime() + (/end|until/i.test(name) ? 3_600_000 : 0)).toISOString();
      if (schema.format === 'email') return 'someone@example.org';
      if (schema.format === 'uri') return 'https://example.org/';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default:
      return {};
  }
}
