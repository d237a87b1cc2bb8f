import { createDecipheriv, createECDH, hkdfSync, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { Agent, createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, jwtVerify } from 'jose';

/**
 * A push service on 127.0.0.1 speaking the real protocol, so Web Push is tested without the
 * internet: it checks the VAPID signature (RFC 8292) and decrypts the aes128gcm body (RFC 8291)
 * with the browser keys the test made. Paths under /gone/ answer 410, as for an expired subscription.
 */
export async function startPushService() {
  const dir = mkdtempSync(join(tmpdir(), 'tg-push-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
    '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
  const cert = readFileSync(join(dir, 'cert.pem'));
  const browsers = new Map<string, { ecdh: ReturnType<typeof createECDH>; auth: Buffer }>();
  const received: { path: string; payload: unknown; vapidSubject: unknown; ttl: string | undefined }[] = [];
  const server: Server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', async () => {
      const path = request.url ?? '';
      if (path.startsWith('/gone/')) return void response.writeHead(410).end();
      try {
        const vapidSubject = await checkVapid(String(request.headers.authorization), `https://127.0.0.1:${port}`);
        const browser = browsers.get(path)!;
        received.push({ path, payload: JSON.parse(decrypt(Buffer.concat(chunks), browser.ecdh, browser.auth)), vapidSubject, ttl: request.headers.ttl as string | undefined });
        response.writeHead(201).end();
      } catch (error) {
        response.writeHead(400).end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    received,
    agent: new Agent({ ca: cert }),
    /** What a browser's PushManager.subscribe() would return for a subscription at `path`. */
    subscription(path: string) {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = randomBytes(16);
      browsers.set(path, { ecdh, auth });
      return { endpoint: `https://127.0.0.1:${port}${path}`, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function checkVapid(header: string, audience: string) {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(header);
  if (!match) throw new Error(`no VAPID authorization: ${header}`);
  const k = Buffer.from(match[2]!, 'base64url');
  const key = await importJWK({ kty: 'EC', crv: 'P-256', x: k.subarray(1, 33).toString('base64url'), y: k.subarray(33, 65).toString('base64url') }, 'ES256');
  const { payload } = await jwtVerify(match[1]!, key, { audience });
  if (typeof payload.exp !== 'number' || typeof payload.sub !== 'string') throw new Error('VAPID JWT needs exp and sub');
  return payload.sub;
}

/** RFC 8291 over RFC 8188: one aes128gcm record, keys from ECDH with the sender and the auth secret. */
function decrypt(body: Buffer, ecdh: ReturnType<typeof createECDH>, auth: Buffer) {
  const salt = body.subarray(0, 16);
  const idLength = body[20]!;
  const senderKey = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  const secret = ecdh.computeSecret(senderKey);
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), ecdh.getPublicKey(), senderKey]);
  const ikm = Buffer.from(hkdfSync('sha256', secret, auth, info, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(record.length - 16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
  return padded.subarray(0, padded.lastIndexOf(2)).toString('utf8');
}
