import type { FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { Language } from '../domain/messaging/translations.ts';

/** `?lang=nl|en`, for what the wallet shows in the visitor's chosen language. */
export const LangQuery = Type.Optional(Type.Union([Type.Literal('nl'), Type.Literal('en')], { description: 'the language to answer in; else Accept-Language, else English' }));

export const languageOf = (lang: Language | undefined, request: FastifyRequest): Language =>
  lang ?? (/^nl\b/i.test(request.headers['accept-language'] ?? '') ? 'nl' : 'en');
