import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorEnvelope } from '../../contract/envelope.ts';
import { ERROR_CATALOGUE, type ErrorCode } from '../lib/errors.ts';

type Logger = { debug(obj: object, msg: string): void };

// What Node's parser (llhttp) says, in words a client can act on; other parse errors get the default.
const PARSER_MESSAGES: Record<string, string> = {
  HPE_INVALID_METHOD: 'The request method is not valid.',
  HPE_INVALID_URL: 'The request target is malformed.',
  HPE_INVALID_VERSION: 'The HTTP version is not supported.',
  HPE_INVALID_HEADER_TOKEN: 'A request header is malformed.',
  HPE_INVALID_TRANSFER_ENCODING: 'The Transfer-Encoding header is not valid.',
  HPE_INVALID_CONTENT_LENGTH: 'The Content-Length header is not valid.',
  HPE_INVALID_CHUNK_SIZE: 'The chunked body is malformed.',
};

type ConnectionError = Error & { code?: string; reason?: unknown };

function answerFor(err: ConnectionError): { code: ErrorCode; message: string } {
  const errCode = err.code;
  if (errCode === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { code: 'REQUEST_TIMEOUT', message: ERROR_CATALOGUE.REQUEST_TIMEOUT.message };
  }
  if (errCode === 'HPE_HEADER_OVERFLOW') {
    return { code: 'HEADERS_TOO_LARGE', message: ERROR_CATALOGUE.HEADERS_TOO_LARGE.message };
  }
  if (errCode === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') {
    return { code: 'PAYLOAD_TOO_LARGE', message: 'The chunk extensions are too large.' };
  }
  // llhttp reports the two together under either header's code; only its reason tells it apart.
  if (typeof err.reason === 'string' && err.reason.includes("can't be present with")) {
    return {
      code: 'VALIDATION_FAILED',
      message: 'Content-Length and Transfer-Encoding must not be sent together.',
    };
  }
  const message = (errCode ? PARSER_MESSAGES[errCode] : undefined) ?? 'The request is not valid HTTP.';
  return { code: 'VALIDATION_FAILED', message };
}

/**
 * Fastify's clientErrorHandler: requests Node's HTTP parser refuses (a bad method, header or path
 * byte, Content-Length with Transfer-Encoding, a timeout) never become a Fastify request, so no hook
 * runs. The raw response is written here with the same envelope, request id and JSON security
 * headers as any other error, then the connection is closed (the parser cannot resume after it).
 */
export function createClientErrorHandler(
  securityHeaders: Record<string, string>,
  log: Logger | undefined,
): (err: ConnectionError, socket: Socket) => void {
  return (err, socket) => {
    // The client went away: there is no one to answer.
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const requestId = randomUUID();
    const { code, message } = answerFor(err);
    log?.debug({ reqId: requestId, err: { code: err.code, message: err.message } }, 'client error');
    // As Node does: never write into a response already under way on this connection.
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) {
      const status = ERROR_CATALOGUE[code].status;
      const envelope: ErrorEnvelope = { error: { code, message, requestId } };
      const body = JSON.stringify(envelope);
      const headers: Record<string, string> = {
        'content-type': 'application/json; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
        'x-request-id': requestId,
        ...securityHeaders,
        connection: 'close',
      };
      const head = Object.entries(headers)
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('');
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${head}\r\n${body}`);
    }
    socket.destroy();
  };
}
