import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.ts';
import { computeSecurityHeaders } from './security.ts';
import type { ErrorEnvelope } from '../../contract/envelope.ts';

// Requests Node's parser refuses never reach Fastify, so these go over a raw TCP socket, not inject.
let t: TestApp;
let port = 0;
const jsonHeaders = computeSecurityHeaders({ isHttps: false }).data;

beforeAll(async () => {
  t = await createTestApp({ captureLogs: true });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(() => t.close());

interface RawResponse {
  statusLine: string;
  headers: Record<string, string>;
  body: string;
}

function parse(raw: string): RawResponse {
  const split = raw.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = raw.slice(0, split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { statusLine, headers, body: raw.slice(split + 4) };
}

/** Writes `request` as bytes and reads until the server closes the connection. */
function sendRaw(request: string | Buffer, timeoutMs = 5_000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no close within ${timeoutMs} ms; got ${Buffer.concat(chunks).toString('latin1')}`));
    }, timeoutMs);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parse(Buffer.concat(chunks).toString('latin1')));
    });
    socket.write(typeof request === 'string' ? Buffer.from(request, 'latin1') : request);
  });
}

/** The standard error: status, envelope with code and request id, JSON security headers. */
function expectEnvelope(res: RawResponse, status: number, code: string): ErrorEnvelope['error'] {
  expect(res.statusLine).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  const { error } = JSON.parse(res.body) as ErrorEnvelope;
  expect(error.code).toBe(code);
  expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.headers['x-request-id']).toBe(error.requestId);
  for (const [name, value] of Object.entries(jsonHeaders)) expect(res.headers[name]).toBe(value);
  return error;
}

describe("requests Node's HTTP parser refuses", () => {
  it('answers an invalid method with 400 VALIDATION_FAILED in the envelope, and logs the request id', async () => {
    const res = await sendRaw('FOO / HTTP/1.1\r\nHost: x\r\n\r\n');
    const error = expectEnvelope(res, 400, 'VALIDATION_FAILED');
    expect(error.message).toBe('The request method is not valid.');
    expect(res.headers.connection).toBe('close');
    const line = t.logs.find((l) => l.reqId === error.requestId);
    expect(line).toMatchObject({ msg: 'client error', err: { code: 'HPE_INVALID_METHOD' } });
  });

  it.each([
    ['a space in a header name', 'GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n'],
    ['a control byte in a header value', 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Tango: a\x01b\r\n\r\n'],
  ])('answers %s with 400 VALIDATION_FAILED', async (_what, request) => {
    const error = expectEnvelope(await sendRaw(request), 400, 'VALIDATION_FAILED');
    expect(error.message).toBe('A request header is malformed.');
  });

  it.each([
    ['Content-Length first', 'Content-Length: 5\r\nTransfer-Encoding: chunked'],
    ['Transfer-Encoding first', 'Transfer-Encoding: chunked\r\nContent-Length: 5'],
  ])(
    'answers Content-Length together with Transfer-Encoding (%s) with 400 VALIDATION_FAILED',
    async (_order, framing) => {
      const res = await sendRaw(`POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\n${framing}\r\n\r\n0\r\n\r\n`);
      expect(expectEnvelope(res, 400, 'VALIDATION_FAILED').message).toBe(
        'Content-Length and Transfer-Encoding must not be sent together.',
      );
    },
  );

  it.each([
    ['a control byte', 'GET /he\x01lthz HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['raw non-ASCII bytes', 'GET /api/v1/users/\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['no leading slash', 'GET healthz HTTP/1.1\r\nHost: x\r\n\r\n'],
  ])('answers %s in the path with 400 VALIDATION_FAILED', async (_what, request) => {
    const error = expectEnvelope(await sendRaw(request), 400, 'VALIDATION_FAILED');
    expect(error.message).toBe('The request target is malformed.');
  });

  it('answers an unknown HTTP version with 400 VALIDATION_FAILED', async () => {
    const res = await sendRaw('GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n');
    expectEnvelope(res, 400, 'VALIDATION_FAILED');
  });

  it("answers headers over Node's size limit with 431 HEADERS_TOO_LARGE", async () => {
    const res = await sendRaw(`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expectEnvelope(res, 431, 'HEADERS_TOO_LARGE');
  });

  it('answers a request Node timed out with 408 REQUEST_TIMEOUT', async () => {
    // Node's own timers check every 30 s; the event it would emit is raised on the accepted socket.
    const accepted = new Promise<Socket>((resolve) => t.app.server.once('connection', resolve));
    const response = sendRaw('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const timeout = Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' });
    t.app.server.emit('clientError', timeout, await accepted);
    expectEnvelope(await response, 408, 'REQUEST_TIMEOUT');
  });
});

describe('requests Fastify handles itself', () => {
  it('answers an HTTP/1.1 request without Host with 400 naming headers.host (Node would send a bare 400)', async () => {
    const res = await sendRaw('GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n');
    const error = expectEnvelope(res, 400, 'VALIDATION_FAILED');
    expect(error.details).toEqual([{ path: 'headers.host', message: 'Required in HTTP/1.1' }]);
    expect(res.headers['x-response-time']).toMatch(/ms$/);
  });

  it('still serves an HTTP/1.0 request without Host, which that version allows', async () => {
    const res = await sendRaw('GET /healthz HTTP/1.0\r\n\r\n');
    expect(res.statusLine).toMatch(/^HTTP\/1\.1 200 /);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
  });

  it.each(['PROPFIND', 'TRACE'])(
    'answers %s, a method Node parses but no route serves, with the 404 envelope',
    async (method) => {
      const res = await sendRaw(`${method} /api/v1/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(expectEnvelope(res, 404, 'NOT_FOUND').message).toBe(`No route for ${method} /api/v1/me.`);
    },
  );

  it('answers bad percent-encoding in the path with 400 VALIDATION_FAILED', async () => {
    const res = await sendRaw('GET /api/v1/users/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(expectEnvelope(res, 400, 'VALIDATION_FAILED').message).toBe('The URL is malformed.');
  });
});
