import { useState, type ReactNode } from 'react';
import type { ErrorEnvelope } from '../../../contract/envelope.ts';
import { ApiError, NetworkError } from '../../lib/api.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { session } from '../../lib/session.ts';
import { useSession } from '../../lib/use-session.ts';
import { toast } from '../../ui/toast.tsx';

// The access token lives in memory, so a plain link to a file of the API (a calendar, a CSV) goes
// without it: signed in, the file is fetched with the token and handed to the browser as a download.

async function fetchFile(path: string): Promise<{ blob: Blob; name: string | undefined }> {
  const token = await session.token();
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      credentials: 'same-origin',
    });
  } catch {
    throw new NetworkError();
  }
  if (!res.ok) {
    const envelope = (await res.json().catch(() => null)) as ErrorEnvelope | null;
    throw new ApiError(res.status, envelope?.error.code ?? 'INTERNAL', envelope?.error.message ?? '');
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  return { blob: await res.blob(), name };
}

/** A link to a file of the API (`path` under /api/v1), downloaded with the dancer's session. */
export function DownloadLink({
  path,
  fileName,
  className,
  children,
}: {
  path: string;
  fileName: string;
  className: string;
  children: ReactNode;
}) {
  const t = useT();
  const signedIn = useSession().status === 'signedIn';
  const [busy, setBusy] = useState(false);
  return (
    <a
      href={`/api/v1${path}`}
      download={fileName}
      className={className}
      aria-busy={busy || undefined}
      onClick={(e) => {
        if (!signedIn) return;
        e.preventDefault();
        if (busy) return;
        setBusy(true);
        fetchFile(path)
          .then(({ blob, name }) => {
            const url = URL.createObjectURL(blob);
            const a = document.createElement('a');
            a.href = url;
            a.download = name ?? fileName;
            document.body.append(a);
            a.click();
            a.remove();
            setTimeout(() => URL.revokeObjectURL(url), 10_000);
          })
          .catch((err: unknown) => toast(errorMessage(t, err), 'error'))
          .finally(() => setBusy(false));
      }}
    >
      {children}
    </a>
  );
}
