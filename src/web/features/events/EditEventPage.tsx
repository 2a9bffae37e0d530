import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { TangoEvent } from '../../../contract/events.ts';
import { useT } from '../../lib/i18n.ts';
import { usePageTitle } from '../../lib/page-title.ts';
import { RequireAuth } from '../../lib/require-auth.tsx';
import { toast } from '../../ui/toast.tsx';
import { changesOf, fieldsOf } from './event-form.ts';
import { useUpdateEvent } from './events.api.ts';
import { EventForm } from './EventForm.tsx';
import { ManagedEvent } from './ManagedEvent.tsx';
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
  usePageTitle(t('events.editTitle'));
  return (
    <ManagedEvent id={id} date="" title={t('events.editTitle')} lines={8} className="event-page-form">
      {(event) => <EditForm event={event} />}
    </ManagedEvent>
  );
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
