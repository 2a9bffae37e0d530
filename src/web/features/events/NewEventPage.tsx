import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { RequireAuth } from '../../lib/require-auth.tsx';
import { useSession } from '../../lib/use-session.ts';
import { blankFields, createBody } from './event-form.ts';
import { browserTimeZone, today } from './event-time.ts';
import { useCreateEvent } from './events.api.ts';
import { EventForm } from './EventForm.tsx';
import './events.css';

/**
 * /events/new (signed in): makes an event or a series; its maker organises it. It starts on the
 * dancer's city and the browser's time zone; ?group= posts it in one of their groups.
 */
export function NewEventPage() {
  return (
    <RequireAuth>
      <NewEvent />
    </RequireAuth>
  );
}

function NewEvent() {
  const t = useT();
  usePageTitle(t('events.newTitle'));
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const state = useSession();
  const city = state.status === 'signedIn' ? (state.user.city ?? '') : '';
  const [initial] = useState(() => ({
    ...blankFields(today(), browserTimeZone(), city),
    groupId: params.get('group') ?? '',
  }));
  const create = useCreateEvent();
  return (
    <section className="page event-page-form" aria-labelledby="event-new-title">
      <h1 id="event-new-title" className="page__title">
        {t('events.newTitle')}
      </h1>
      <p className="event-page-form__intro">{t('events.newIntro')}</p>
      <EventForm
        initial={initial}
        submitLabel={t('events.form.create')}
        busy={create.isPending}
        onSubmit={async (fields, slug) => {
          const event = await create.mutateAsync(createBody(fields, slug));
          await navigate(`/events/${encodeURIComponent(event.id)}`);
        }}
      />
    </section>
  );
}
