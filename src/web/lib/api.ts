import type { ErrorEnvelope } from '../../contract/envelope.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** POSTs JSON to the API; resolves on 2xx, throws ApiError with the envelope's code otherwise. */
export async function postJson(path: string, body: unknown): Promise<void> {
  const res = await fetch(`/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (res.ok) return;
  const envelope = (await res.json().catch(() => null)) as ErrorEnvelope | null;
  throw new ApiError(
    res.status,
    envelope?.error.code ?? 'INTERNAL',
    envelope?.error.message ?? res.statusText,
  );
}
