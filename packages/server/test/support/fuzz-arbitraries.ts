import fc from 'fast-check';
import type { JsonSchema } from './openapi-routes.ts';

/** Text that has broken servers: NUL (PostgreSQL refuses it), lone surrogates, RTL marks, emoji, huge strings. */
export const oddText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udfff\ud800', '\u202eevil', 'e\u0301', '𝕿𝖎𝖈𝖐𝖊𝖙', '😀'.repeat(300), '%00', '../../etc/passwd', "' OR 1=1 --", '<script>x</script>', '${7*7}', '\r\nX-Injected: 1'),
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)),
);

/** Any JSON value of a type the schema may not want. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  oddText,
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e308, -0),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue(), { maxKeys: 3 }),
);

/** Values that fit the schema, with ids drawn from `ids` (known rows, to get past the lookups) or random. */
export function validValue(schema: JsonSchema, ids: readonly string[], depth = 0): fc.Arbitrary<unknown> {
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map((s) => validValue(s, ids, depth)));
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': {
      const props = Object.entries(schema.properties ?? {});
      if (depth > 4 || props.length === 0) return fc.constant({});
      const shape = Object.fromEntries(props.map(([k, s]) => [k, validValue(s, ids, depth + 1)]));
      return fc.record(shape, { requiredKeys: (schema.required ?? []).filter((k) => k in shape) });
    }
    case 'array':
      return fc.array(validValue(schema.items ?? {}, ids, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, Math.max(3, schema.minItems ?? 0)) });
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'string':
      return validString(schema, ids);
    default:
      return fc.jsonValue();
  }
}

function validString(schema: JsonSchema, ids: readonly string[]): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return ids.length ? fc.oneof(fc.constantFrom(...ids), fc.uuid()) : fc.uuid();
  if (schema.format === 'date-time') {
    return fc.date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
  }
  if (schema.format === 'email') return fc.emailAddress();
  if (schema.format === 'uri') return fc.webUrl({ validSchemes: ['https'] });
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 30, Math.max(min, 30));
  return fc.string({ minLength: min, maxLength: max });
}

/** A body that is right, nearly right (one field missing, wrong or unknown), or not a body at all. */
export function bodyFor(schema: JsonSchema | undefined, ids: readonly string[]): fc.Arbitrary<unknown> {
  if (!schema) return fc.oneof(fc.constant(undefined), wrongValue);
  const valid = validValue(schema, ids);
  const broken = fc.tuple(valid, fc.nat(), wrongValue, fc.constantFrom('drop', 'wrong', 'unknown')).map(([body, pick, bad, how]) => {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return bad;
    const copy: Record<string, unknown> = { ...body };
    const keys = Object.keys(schema.properties ?? {});
    const key = keys.length ? keys[pick % keys.length]! : 'x';
    if (how === 'drop') delete copy[key];
    else if (how === 'wrong') copy[key] = bad;
    else copy[`unknown_${key}`] = bad;
    return copy;
  });
  return fc.oneof({ arbitrary: valid, weight: 2 }, { arbitrary: broken, weight: 3 }, { arbitrary: wrongValue, weight: 1 }, { arbitrary: fc.constant(undefined), weight: 1 });
}
