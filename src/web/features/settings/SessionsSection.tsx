import { useState } from 'react';
import type { Session } from '../../../contract/auth.ts';
import { deviceLabel, userAgentParts } from '../../../contract/rules.ts';
import { formatDateTime, formatRelative } from '../../lib/format.ts';
import { errorMessage, useT, type T } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Skeleton } from '../../ui/Skeleton.tsx';
import { useRevokeSession, useSessions, useSignOutEverywhere } from './settings.api.ts';
import { FormStatus, SettingsSection } from './SettingsParts.tsx';

// The server names a device in English from its user agent ("Firefox on Linux") unless the client chose
// a name; the same reading (contract/rules.ts) says it here in the dancer's language.
/** What to call a session: its chosen name (with the browser below), or the browser and system. */
function describe(t: T, s: Session): { name: string; detail: string | null } {
  const { browser, system } = userAgentParts(s.userAgent);
  const serverName = deviceLabel(s.userAgent);
  const summary =
    browser && system
      ? t('settings.sessions.device', { browser, system })
      : (browser ?? system ?? t('settings.sessions.unknownDevice'));
  return s.device === serverName ? { name: summary, detail: null } : { name: s.device, detail: summary };
}

function SessionRow({
  s,
  onRevoke,
  busy,
}: {
  s: Session;
  onRevoke: (s: Session, name: string) => void;
  busy: boolean;
}) {
  const t = useT();
  const { name, detail } = describe(t, s);
  return (
    <li className="settings-session">
      <div className="settings-session__info">
        <p className="settings-session__name">
          <span>{name}</span>
          {s.current && (
            <span className="settings-badge settings-badge--ok">{t('settings.sessions.thisDevice')}</span>
          )}
        </p>
        <p className="settings-session__meta">
          {detail && <span>{detail} · </span>}
          <span title={formatDateTime(s.lastUsedAt)}>
            {s.current
              ? t('settings.sessions.activeNow')
              : t('settings.sessions.lastUsed', { time: formatRelative(s.lastUsedAt) })}
          </span>
          {' · '}
          <span title={formatDateTime(s.createdAt)}>
            {t('settings.sessions.signedIn', { time: formatRelative(s.createdAt) })}
          </span>
        </p>
      </div>
      {!s.current && (
        <Button
          size="sm"
          aria-label={t('settings.sessions.revokeLabel', { device: name })}
          busy={busy}
          onClick={() => onRevoke(s, name)}
        >
          {t('settings.sessions.revoke')}
        </Button>
      )}
    </li>
  );
}

/** Sessions: where the account is signed in; sign one device out, or all of them. */
export function SessionsSection({ onSignedOut }: { onSignedOut: () => void }) {
  const t = useT();
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const everywhere = useSignOutEverywhere();
  const [confirming, setConfirming] = useState(false);
  const [revoked, setRevoked] = useState<string | null>(null);
  const list = sessions.data?.pages.flatMap((page) => page.data) ?? [];

  const onRevoke = (s: Session, name: string) => {
    setRevoked(null);
    revoke.mutate(s.id, { onSuccess: () => setRevoked(name) });
  };

  let body;
  if (sessions.isPending) {
    body = <Skeleton lines={4} className="settings-skeleton settings-skeleton--sessions" />;
  } else if (sessions.isError && list.length === 0) {
    body = <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />;
  } else {
    body = (
      <>
        <ul className="settings-sessions">
          {list.map((s) => (
            <SessionRow
              key={s.id}
              s={s}
              onRevoke={onRevoke}
              busy={revoke.isPending && revoke.variables === s.id}
            />
          ))}
        </ul>
        {sessions.hasNextPage && (
          <Button
            size="sm"
            variant="ghost"
            busy={sessions.isFetchingNextPage}
            onClick={() => void sessions.fetchNextPage()}
          >
            {t('app.loadMore')}
          </Button>
        )}
      </>
    );
  }

  return (
    <SettingsSection
      id="settings-sessions"
      title={t('settings.sessions.title')}
      intro={t('settings.sessions.intro')}
    >
      <div aria-busy={sessions.isPending}>{body}</div>
      <FormStatus
        saved={revoked ? t('settings.sessions.revoked', { device: revoked }) : undefined}
        failed={revoke.isError ? errorMessage(t, revoke.error) : undefined}
      />
      <div className="settings-actions">
        <Button variant="danger" onClick={() => setConfirming(true)}>
          {t('settings.sessions.everywhere')}
        </Button>
      </div>
      <Dialog
        open={confirming}
        title={t('settings.sessions.everywhereTitle')}
        onClose={() => {
          if (!everywhere.isPending) setConfirming(false);
        }}
        actions={
          <>
            <Button onClick={() => setConfirming(false)} disabled={everywhere.isPending}>
              {t('app.cancel')}
            </Button>
            <Button
              variant="danger"
              busy={everywhere.isPending}
              onClick={() => everywhere.mutate(undefined, { onSuccess: onSignedOut })}
            >
              {t('settings.sessions.everywhereConfirm')}
            </Button>
          </>
        }
      >
        <p>{t('settings.sessions.everywhereBody')}</p>
        <FormStatus failed={everywhere.isError ? errorMessage(t, everywhere.error) : undefined} />
      </Dialog>
    </SettingsSection>
  );
}
