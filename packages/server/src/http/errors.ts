import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { statusOf, type ErrorCode } from '@ticketguard/protocol';
import { DomainError } from '../domain/errors.ts';

/** An answer's error, raised in the HTTP layer (auth, parsing). Domain rules raise DomainError. */
export class HttpError extends DomainError {}

interface AjvIssue {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

/**
 * "body.items[0].quantity must be >= 1": the field first, so a developer sees at once what to fix.
 * Beside the sentence, the field's path in its part of the request ("items[0].quantity"), the rule
 * it broke (the JSON Schema keyword) and the rule's limit, so that an app can say it in its own words.
 */
function describeValidation(context: string | undefined, issue: AjvIssue) {
  const own = issue.keyword === 'required' ? issue.params.missingProperty : issue.keyword === 'additionalProperties' ? issue.params.additionalProperty : undefined;
  const field = `${issue.instancePath.replace(/\/(\d+)/g, '[$1]').replace(/\//g, '.').slice(1)}${own === undefined ? '' : `${issue.instancePath ? '.' : ''}${String(own)}`}`;
  const path = `${context ?? 'request'}${field ? `.${field}` : ''}`;
  const message =
    issue.keyword === 'required' ? `${path} is required`
    : issue.keyword === 'additionalProperties' ? `${path} is not a known field`
    : issue.keyword === 'format' ? `${path} must be a valid ${String(issue.params.format)}`
    : `${path} ${issue.message ?? 'is invalid'}`;
  const limit = typeof issue.params.limit === 'number' ? { limit: issue.params.limit } : {};
  return { message, ...(field ? { field } : {}), rule: issue.keyword, ...limit };
}

/** Fastify's own errors that a client can cause, by Fastify's error code. */
const fastifyErrors: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'the request body is larger than 1 MB' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'send the body as application/json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_request', message: 'the body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_request', message: 'the body is empty; send a JSON object' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'invalid_request', message: 'Content-Length does not match the body' },
};

/**
 * Errors the router raises before any route or hook runs (Fastify's `frameworkErrors`): a path
 * segment past the router's length limit, or percent-encoding that is not UTF-8. They would
 * otherwise leave in Fastify's own shape, not ours.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply) {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'a path segment is too long; ids are UUIDs of 36 characters'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'the URL is not valid: a path segment is not well-formed percent-encoded UTF-8'
        : 'the request could not be routed';
  return reply.status(400).send({ error: { code: 'invalid_request', message } });
}

export function installErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof DomainError) {
      return reply.status(statusOf(error.code)).send({ error: { code: error.code, message: error.message, ...(error.field ? { field: error.field } : {}) } });
    }
    if (error.validation && error.validation.length > 0) {
      return reply.status(400).send({ error: { code: 'invalid_request', ...describeValidation(error.validationContext, error.validation[0] as AjvIssue) } });
    }
    const known = error.code ? fastifyErrors[error.code] : undefined;
    if (known) return reply.status(statusOf(known.code)).send({ error: known });
    if (error instanceof SyntaxError || (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)) {
      return reply.status(400).send({ error: { code: 'invalid_request', message: error.message } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal_error', message: 'something went wrong on our side; it has been logged' } });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );
}
