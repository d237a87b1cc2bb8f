import { Type, type TSchema } from '@sinclair/typebox';

/** Schemas shared by several routes. Each route's own body and answer live beside the route. */
export const Uuid = Type.String({ format: 'uuid', description: 'a UUID' });
export const DateTime = Type.String({ format: 'date-time', description: 'ISO 8601 date-time' });
export const Nullable = <T extends TSchema>(schema: T, options: { description?: string } = {}) => Type.Union([schema, Type.Null()], options);

export const ErrorResponse = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'stable machine-readable code, snake_case' }),
      message: Type.String({ description: 'a human sentence naming the problem' }),
      field: Type.Optional(Type.String({ description: 'the request field it is about, as a path in the body, query or params: "name", "items[0].quantity"' })),
      rule: Type.Optional(Type.String({ description: 'for invalid_request from validation: the JSON Schema keyword broken (minLength, maxLength, required, format, minimum, maximum, pattern, type, ...)' })),
      limit: Type.Optional(Type.Number({ description: "the broken rule's limit, when it has one (minLength 1: 1)" })),
    }),
  },
  { $id: 'ErrorResponse', description: 'every non-2xx answer has this shape' },
);

export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((s) => [s, Type.Ref('ErrorResponse')]));

export const EventIdParams = Type.Object({ eventId: Uuid });

export const TransferPolicy = Type.Object(
  {
    mode: Type.Union([Type.Literal('none'), Type.Literal('limited'), Type.Literal('exchange')], {
      description: 'none: only the first hand-on from the buyer; limited: at most maxTransfers moves; exchange: face-value resale through the platform',
    }),
    maxTransfers: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);

export const DpopHeader = Type.Object({ dpop: Type.Optional(Type.String({ description: 'DPoP proof, PROTOCOL.md section 7' })) });
