import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';

/**
 * One strict policy for everything the server sends, the three web apps included: they are Vite
 * builds with no inline script or style, so nothing but our own origin is needed. `blob:` and
 * `data:` images are for QR codes drawn in the browser; the camera is for the scanner.
 */
export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  mediaSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** Browser features: only the camera, and only for our own pages (the scanner reads QR codes with it). */
export const permissionsPolicy = 'camera=(self), microphone=(), geolocation=(), payment=(), usb=()';

/**
 * Swagger UI sets element styles from its scripts and inline style attributes; it gets
 * 'unsafe-inline' for styles only (never for scripts), and on its own pages only.
 */
export const docsPolicy = (policy: string) => policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

export async function installSecurityHeaders(app: FastifyInstance) {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
    // Cross-origin isolation would break Web Push icons and nothing here needs SharedArrayBuffer.
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('permissions-policy', permissionsPolicy);
  });
}
