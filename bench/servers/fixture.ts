import { z } from 'zod';
import { dataEnvelope } from '../../src/contract/envelope.ts';

// The fixed document both the bare and the "all plugins" targets return, so the only difference
// between the two measurements is the framework work around the handler.

export const BENCH_DOC_PATH = '/bench/doc';
/** Sent by the client to every doc target, so the plugins variant has a querystring to validate. */
export const BENCH_DOC_QUERY = '?lang=es';

const benchDocSchema = z.object({
  id: z.string(),
  kind: z.enum(['milonga', 'practica', 'clase', 'workshop', 'encuentro', 'marathon', 'festival']),
  title: z.string(),
  description: z.string(),
  city: z.string(),
  country: z.string(),
  venue: z.object({ name: z.string(), address: z.string() }),
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  timeZone: z.string(),
  djs: z.array(z.string()),
  dressCode: z.string().nullable(),
  price: z.object({ amount: z.number(), currency: z.string() }),
  tags: z.array(z.string()),
  attendeeCount: z.number().int(),
});
export type BenchDoc = z.infer<typeof benchDocSchema>;

export const BENCH_DOC: BenchDoc = {
  id: '0190a5c2-7b1e-7c3a-9f1d-2b8e4c6a1f00',
  kind: 'milonga',
  title: 'Milonga de los Viernes',
  description: 'Tandas clásicas, cortinas cortas y buena pista. Mesas por orden de llegada.',
  city: 'Buenos Aires',
  country: 'AR',
  venue: { name: 'Salón Canning', address: 'Av. Raúl Scalabrini Ortiz 1331' },
  startsAt: '2025-06-06T23:00:00.000Z',
  endsAt: '2025-06-07T04:00:00.000Z',
  timeZone: 'America/Argentina/Buenos_Aires',
  djs: ['Mario Orlando', 'Gabriela Rodríguez'],
  dressCode: 'elegante',
  price: { amount: 6000, currency: 'ARS' },
  tags: ['tradicional', 'codigos', 'orquesta-en-vivo'],
  attendeeCount: 214,
};

export const benchDocRouteSchema = {
  hide: true,
  querystring: z.object({ lang: z.enum(['es', 'en']).default('es') }),
  response: { 200: dataEnvelope(benchDocSchema) },
};
