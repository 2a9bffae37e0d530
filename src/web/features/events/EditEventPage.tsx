import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { TangoEvent } from '../../../contract/events.ts';
import { ApiError } from '../../lib/api.ts';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { RequireAuth } from '../../lib/require-auth.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ErrorState } from '../../ui/ErrorState.tsx';
import { Skeleton } from '../../ui/Skeleton.tsx';
import { toast } from '../../ui/toast.tsx';
import { changesOf, fieldsOf } from './event-form.ts';
import { useEvent, useUpdateEvent } from './events.api.ts';
import { EventForm } from './EventForm.tsx';
import './events.css';

/** /events/:id/edit (its organisers): the event's fields; only what changed is sent. */
export function EditEventPage() {
  return (
    <RequireAuth>
      <EditEvent />
    </RequireAuth>
  );
}

function EditEvent() {
  const t = useT();
  const id = useParams().id ?? '';
  const event = useEvent(id, '');
  usePageTitle(t('events.editTitle'));

  if (event.isPending) {
    return (
      <section className="page event-page-form" aria-busy="true">
        <h1 className="page__title">{t('events.editTitle')}</h1>
        <Skeleton lines={8} className="skeleton--page" />
      </section>
    );
  }
  if (event.error instanceof ApiError && event.error.status === 404) {
    return (
      <section className="page">
        <h1 className="page__title">{t('events.notFoundTitle')}</h1>
        <EmptyState title={t('events.notFoundBody')} />
      </section>
    );
  }
  if (!event.data) {
    return (
      <section className="page">
        <h1 className="page__title">{t('errors.title')}</h1>
        <ErrorState error={event.error} onRetry={() => void event.refetch()} />
      </section>
    );
  }
  if (!event.data.canManage) {
    return (
      <section className="page">
        <h1 className="page__title">{t('events.editTitle')}</h1>
        <EmptyState
          title={t('events.notOrganiser')}
          action={
            <Link to={`/events/${encodeURIComponent(id)}`} className="btn btn--md">
              {t('events.backToEvent')}
            </Link>
          }
        />
      </section>
    );
  }
  return <EditForm event={event.data} />;
}

function EditForm({ event }: { event: TangoEvent }) {
  const t = useT();
  const navigate = useNavigate();
  const update = useUpdateEvent(event.id);
  const [initial] = useState(() => fieldsOf(event));
  const back = `/events/${encodeURIComponent(event.id)}`;
  return (
    <section className="page event-page-form" aria-labelledby="event-edit-title">
      <h1 id="event-edit-title" className="page__title">
        {t('events.editTitle')}
      </h1>
      <p className="event-page-form__intro">
        <Link to={back}>{event.title}</Link>
      </p>
      <EventForm
        initial={initial}
        isEdit
        groupName={event.group?.name}
        submitLabel={t('events.form.save')}
        busy={update.isPending}
        onSubmit={async (fields, slug) => {
          const changes = changesOf(initial, fields, slug, event.city?.slug ?? null);
          if (Object.keys(changes).length > 0) await update.mutateAsync(changes);
          toast(t('events.saved'));
          await navigate(back);
        }}
      />
    </section>
  );
}
