import type { ErrorEnvelope } from '../../contract/envelope.ts';
import { CSRF_HEADER } from '../../contract/rules.ts';
import { csrfToken, session } from './session.ts';

/** An answer that is not 2xx: the catalogue's code (translated in the UI), the fields at fault. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[] = [],
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The network failed before any answer (offline, server down). */
export class NetworkError extends Error {
  readonly code = 'NETWORK';
  constructor() {
    super('The network is unreachable.');
    this.name = 'NetworkError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
  /** Retries of a create reuse it, so the server makes the thing once. */
  idempotencyKey?: string;
  /** Sign-in routes: no bearer token, cookies and CSRF header sent. */
  anonymous?: boolean;
  /** Session routes that read the refresh cookie: send the CSRF header. */
  withCsrf?: boolean;
}

function urlOf(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `/api/v1${path}${search ? `?${search}` : ''}`;
}

async function send(path: string, opts: RequestOptions, token: string | null): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
  if (opts.withCsrf) {
    const csrf = csrfToken();
    if (csrf) headers[CSRF_HEADER] = csrf;
  }
  try {
    return await fetch(urlOf(path, opts.query), {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal ?? null,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new NetworkError();
  }
}

async function errorOf(res: Response): Promise<ApiError> {
  const envelope = (await res.json().catch(() => null)) as ErrorEnvelope | null;
  const retryAfter = Number(res.headers.get('retry-after')) || undefined;
  return new ApiError(
    res.status,
    envelope?.error.code ?? (res.status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED'),
    envelope?.error.message ?? res.statusText,
    envelope?.error.details ?? [],
    retryAfter,
  );
}

/** A page of a list: `{data: [...], meta: {nextCursor, hasMore}}`. */
export interface Page<T> {
  data: T[];
  meta: { nextCursor: string | null; hasMore: boolean };
}

/**
 * Calls the API with the bearer token from the session (refreshed once and retried on a 401) and
 * resolves with the JSON body, typed by the contract (the server's response schemas guarantee the
 * shape; the web app does not ship zod to check it again). 204 resolves with null.
 */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const url = isPlainGet(opts) ? urlOf(path, opts.query) : undefined;
  const early = url ? takeEarly(url) : undefined;
  if (url && !earlyOver) askedFirst.add(url);
  const token = opts.anonymous ? null : await session.token();
  let res = (early && (await early.catch(() => undefined))) ?? (await send(path, opts, token));
  if (res.status === 401 && token) {
    const fresh = await session.refresh();
    if (fresh) res = await send(path, opts, fresh);
  }
  if (!res.ok) throw await errorOf(res);
  if (res.status === 204) return null as T;
  return (await res.json()) as T;
}

const isPlainGet = (opts: RequestOptions) =>
  (opts.method ?? 'GET') === 'GET' && !opts.anonymous && !opts.withCsrf && opts.body === undefined;

/** GETs started before the app's code arrived, by URL; each is taken over by the first request for it. */
const early = new Map<string, Promise<Response>>();
/** An early answer nobody asked for within this time is dropped: a later visit fetches afresh. */
const EARLY_TTL_MS = 10_000;

/**
 * GETs the app made itself before the early ones were started (its code was cached and the page asked
 * first): an early copy started after would be taken by the page's next refetch, a stale answer.
 */
const askedFirst = new Set<string>();
let earlyOver = false;

function takeEarly(url: string): Promise<Response> | undefined {
  const pending = early.get(url);
  early.delete(url);
  return pending;
}

/**
 * Starts a GET the first page is about to make (boot.ts, through app/early.ts), as soon as the session
 * is known and while the app's code is still downloading; the page's own request() for the same URL
 * takes the answer over instead of asking again.
 */
export function requestEarly(path: string, query?: RequestOptions['query']): Promise<unknown> | undefined {
  const url = urlOf(path, query);
  if (early.has(url) || askedFirst.has(url)) return undefined;
  const pending = session.token().then((token) => send(path, { query }, token));
  pending.catch(() => undefined);
  early.set(url, pending);
  setTimeout(() => {
    if (early.get(url) === pending) early.delete(url);
  }, EARLY_TTL_MS);
  return pending;
}

/** The first page's early requests are started (or there were none): no more are, nothing to remember. */
export function endEarlyRequests(): void {
  earlyOver = true;
  askedFirst.clear();
}

/** The `data` of a `{data}` answer. */
export async function getData<T>(path: string, opts?: RequestOptions): Promise<T> {
  return (await request<{ data: T }>(path, opts)).data;
}

/** One page of a list. */
export function getPage<T>(path: string, opts?: RequestOptions): Promise<Page<T>> {
  return request<Page<T>>(path, opts);
}

/** A fresh key for a create that may be retried. */
export const newIdempotencyKey = (): string => crypto.randomUUID();
