import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from './support/dialects.ts';
import { bearer, publishedEvent, signUp, startTestServer, type TestServer } from './support/harness.ts';

describe.each(dialects)('pairing gate devices on $name', (dialect) => {
  let server: TestServer;
  let organizer: Awaited<ReturnType<typeof signUp>>;
  let eventId: string;

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, token = organizer.token, payload?: object) =>
    server.app.inject({ method, url, headers: bearer(token), ...(payload ? { payload } : {}) });
  /** Whether a scanner with this token gets its gate pack. */
  const packStatus = async (token: string) => (await call('GET', '/api/v1/gate/pack', token)).statusCode;
  const newDevice = async (name = 'north door', forEvent = eventId) => (await call('POST', `/api/v1/events/${forEvent}/gate-devices`, organizer.token, { name })).json();

  beforeAll(async () => {
    server = await startTestServer(dialect);
    organizer = await signUp(server.app);
    ({ eventId } = await publishedEvent(server.app, organizer.token));
  });
  afterAll(() => server.stop());

  it('answers a new device with a pairing link that carries its token', async () => {
    const device = await newDevice();
    expect(device.pairUrl).toBe(`http://localhost:3000/scanner/pair#${device.token}`);
    expect(await packStatus(device.token)).toBe(200);
  });

  it('replaces a token: the new one works, the old one stops', async () => {
    const device = await newDevice();
    const res = await call('POST', `/api/v1/events/${eventId}/gate-devices/${device.id}/token`);
    expect(res.statusCode).toBe(200);
    const renewed = res.json();
    expect(renewed).toEqual({ id: device.id, token: expect.any(String), pairUrl: `http://localhost:3000/scanner/pair#${renewed.token}` });
    expect(renewed.token).not.toBe(device.token);
    expect(await packStatus(renewed.token)).toBe(200);
    expect(await packStatus(device.token)).toBe(401);
  });

  it('revokes a device: its token stops working and it cannot get a new one', async () => {
    const device = await newDevice('lost phone');
    expect((await call('DELETE', `/api/v1/events/${eventId}/gate-devices/${device.id}`)).statusCode).toBe(204);
    expect(await packStatus(device.token)).toBe(401);
    const renew = await call('POST', `/api/v1/events/${eventId}/gate-devices/${device.id}/token`);
    expect([renew.statusCode, renew.json().error.code]).toEqual([409, 'invalid_state']);
    const listed = (await call('GET', `/api/v1/events/${eventId}/gate-devices`)).json().devices;
    expect(listed.find((d: { id: string }) => d.id === device.id)).toMatchObject({ name: 'lost phone', revoked: true });
  });

  it("keeps other tenants and other events' devices out", async () => {
    const device = await newDevice();
    const stranger = await signUp(server.app, 'Other tenant');
    expect((await call('POST', `/api/v1/events/${eventId}/gate-devices/${device.id}/token`, stranger.token)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/events/${eventId}/gate-devices/${device.id}`, stranger.token)).statusCode).toBe(404);
    const other = await publishedEvent(server.app, organizer.token);
    expect((await call('POST', `/api/v1/events/${other.eventId}/gate-devices/${device.id}/token`)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/events/${other.eventId}/gate-devices/${device.id}`)).statusCode).toBe(404);
    expect(await packStatus(device.token)).toBe(200);
    const bad = await call('DELETE', `/api/v1/events/${eventId}/gate-devices/not-a-uuid`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('params.deviceId');
  });
});
