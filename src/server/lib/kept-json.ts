import { Negotiator } from '@fastify/accept-negotiator';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

// Responses made of a kept object (a cached page that many dancers read): written to JSON once, and
// compressed once per encoding from its second answer on, so a page answered once is not compressed
// for nothing. A month's calendar page is ~45 kB of JSON and ~4 kB compressed: sending the 45 kB took a
// quarter of the server's CPU in bench:community's profile.

export type KeptEncoding = 'br' | 'gzip';

/** Bodies shorter than this go uncompressed (characters). */
export const MIN_COMPRESSED_LENGTH = 1_024;

interface Kept {
  json: string;
  answered: number;
  encoded: Partial<Record<KeptEncoding, Buffer>>;
}

const negotiator = new Negotiator<KeptEncoding>({
  supportedValues: ['br', 'gzip'],
  // Accept-Encoding values seen; a client sending a new one each time only turns this over.
  cache: new LRUCache<string, string>({ max: 100 }),
});

function compress(encoding: KeptEncoding, json: string): Buffer {
  // Brotli's quality 5: about gzip's speed, a smaller body (its default, 11, is ~20× slower).
  return encoding === 'br'
    ? brotliCompressSync(json, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 5,
          [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(json),
        },
      })
    : gzipSync(json);
}

function serialize(reply: FastifyReply, payload: unknown): string {
  const json = reply.serialize(payload);
  if (typeof json !== 'string') throw new Error('The response serializer writes strings');
  return json;
}

/** Adds Accept-Encoding to the reply's Vary, keeping what other plugins put there. */
function varyOnEncoding(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  const current = Array.isArray(vary) ? vary.join(', ') : vary === undefined ? '' : String(vary);
  if (!/(^|,)\s*accept-encoding\s*(,|$)/i.test(current))
    reply.header('vary', current === '' ? 'Accept-Encoding' : `${current}, Accept-Encoding`);
}

/**
 * A sender for one route: `send(req, reply, owner, payload)` answers `payload`, the response made of
 * `owner`, which must not change while it is kept (the JSON is written from the first payload).
 */
export function createKeptJson() {
  const kept = new WeakMap<object, Kept>();
  return function send(req: FastifyRequest, reply: FastifyReply, owner: object, payload: unknown) {
    let entry = kept.get(owner);
    if (entry === undefined) {
      entry = { json: serialize(reply, payload), answered: 0, encoded: {} };
      kept.set(owner, entry);
    }
    entry.answered++;
    const { json } = entry;
    reply.type('application/json; charset=utf-8');
    varyOnEncoding(reply);
    const accepts = req.headers['accept-encoding'];
    const encoding =
      accepts === undefined || json.length < MIN_COMPRESSED_LENGTH ? null : negotiator.negotiate(accepts);
    if (encoding !== null && (entry.encoded[encoding] !== undefined || entry.answered > 1)) {
      const encoded = (entry.encoded[encoding] ??= compress(encoding, json));
      return reply.header('content-encoding', encoding).send(encoded);
    }
    return reply.serializer(() => json).send(payload);
  };
}
