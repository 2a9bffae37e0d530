import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { City } from '../../../contract/cities.ts';
import {
  CITY_MAX_LENGTH,
  EVENT_DESCRIPTION_MAX_LENGTH,
  EVENT_DRESS_CODE_MAX_LENGTH,
  EVENT_LEVELS,
  EVENT_TITLE_MAX_LENGTH,
  EVENT_TYPES,
  EVENT_VENUE_MAX_LENGTH,
} from '../../../contract/rules.ts';
import { ApiError, getData } from '../../lib/api.ts';
import { errorMessage, useT, type T } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { Choices, RadioChips } from '../../ui/Choices.tsx';
import { SelectField, TextArea, TextField } from '../../ui/Field.tsx';
import {
  checkFields,
  fieldOfPath,
  parseUsernames,
  type EventFields,
  type FieldErrors,
  type LIMITS,
} from './event-form.ts';
import { addDays, timeZones } from './event-time.ts';
import { useMyGroups } from './events.api.ts';
import { CreditsFields, RepeatFields } from './EventFormParts.tsx';
import { weekdayOfDate } from './repeat.ts';

/** The translated message for a refusal of the API about one field. */
function apiFieldMessage(t: T, f: EventFields, path: string, err: ApiError): [keyof FieldErrors, string] {
  const at = fieldOfPath(path);
  if (!at) return ['form', errorMessage(t, err)];
  if (at.field === 'coOrganisers') {
    const username = parseUsernames(f.coOrganisers)[at.index ?? 0] ?? '';
    return ['coOrganisers', t('events.form.errors.noDancer', { username })];
  }
  if (at.field === 'credits') {
    const username = f.credits[at.index ?? 0]?.username ?? '';
    return ['credits', t('events.form.errors.noDancer', { username })];
  }
  const keys = {
    title: 'events.form.errors.titleRequired',
    startsAt: 'events.form.errors.startsAt',
    endsAt: 'events.form.errors.endsAt',
    timeZone: 'events.form.errors.timeZone',
    venueName: 'events.form.errors.venueRequired',
    city: 'events.form.errors.city',
    price: 'events.form.errors.price',
    repeat: 'events.form.errors.repeat',
    capacity: 'events.form.errors.limit',
    leaderCap: 'events.form.errors.limit',
    followerCap: 'events.form.errors.limit',
    balanceWithin: 'events.form.errors.limit',
  } as const;
  return [at.field, t(keys[at.field], { city: f.city })];
}

/**
 * An event's fields: what (type, title, description), when (start and end on the venue's clock, its
 * zone, how it repeats), where (venue, city found among the communities, a group of the dancer's), for
 * whom (level, dress code, price), who makes it (co-organisers, credits) and its places (capacity, role
 * caps, balance). `onSubmit` gets the fields and the city's slug; a refusal comes back as the error.
 */
export function EventForm({
  initial,
  isEdit = false,
  groupName,
  submitLabel,
  busy,
  onSubmit,
}: {
  initial: EventFields;
  isEdit?: boolean;
  /** An edited event's group (it stays in it). */
  groupName?: string | undefined;
  submitLabel: string;
  busy: boolean;
  onSubmit: (fields: EventFields, city: string | null) => Promise<unknown>;
}) {
  const t = useT();
  const [f, setF] = useState<EventFields>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [finding, setFinding] = useState(false);
  const zones = useMemo(() => timeZones(initial.timeZone), [initial.timeZone]);
  const groups = useMyGroups();
  const set = <K extends keyof EventFields>(key: K, value: EventFields[K]) =>
    setF((x) => ({ ...x, [key]: value }));

  /** A new start keeps the length of the date and moves the weekday the series repeats on. */
  const setStart = (startsAt: string) =>
    setF((x) => {
      const lasted =
        x.startsAt && x.endsAt ? Date.parse(`${x.endsAt}Z`) - Date.parse(`${x.startsAt}Z`) : 5 * 3_600_000;
      const endsAt =
        startsAt && lasted > 0
          ? new Date(Date.parse(`${startsAt}Z`) + lasted).toISOString().slice(0, 16)
          : x.endsAt;
      const day = startsAt.slice(0, 10);
      return { ...x, startsAt, endsAt, ...(day ? weekdayOfDate(day) : {}) };
    });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || finding) return;
    const problems = checkFields(f);
    if (Object.keys(problems).length > 0) {
      setErrors(Object.fromEntries(Object.entries(problems).map(([key, message]) => [key, t(message)])));
      return;
    }
    setErrors({});
    let slug: string | null = null;
    const place = f.city.trim();
    if (place) {
      setFinding(true);
      try {
        slug = (await getData<City>(`/cities/${encodeURIComponent(place)}`)).slug;
      } catch (err) {
        setErrors(
          err instanceof ApiError && err.status === 404
            ? { city: t('events.form.errors.city', { city: place }) }
            : { form: errorMessage(t, err) },
        );
        return;
      } finally {
        setFinding(false);
      }
    }
    try {
      await onSubmit(f, slug);
    } catch (err) {
      if (err instanceof ApiError && err.details.length > 0) {
        setErrors(Object.fromEntries(err.details.map((d) => apiFieldMessage(t, f, d.path, err))));
      } else {
        setErrors({ form: errorMessage(t, err) });
      }
    }
  };

  const number = (key: (typeof LIMITS)[number]) => (
    <TextField
      label={t(`events.form.${key}`)}
      inputMode="numeric"
      pattern="[0-9]*"
      value={f[key]}
      onChange={(e) => set(key, e.target.value)}
      error={errors[key]}
      hint={t(`events.form.${key}Hint`)}
    />
  );

  return (
    <form className="event-form" onSubmit={(e) => void submit(e)} noValidate>
      <Section title={t('events.form.what')}>
        <Choices legend={t('events.form.type')}>
          <RadioChips name="event-type" items={EVENT_TYPES} value={f.type} onChange={(v) => set('type', v)}>
            {(v) => t(`events.types.${v}`)}
          </RadioChips>
        </Choices>
        <TextField
          label={t('events.form.title')}
          value={f.title}
          maxLength={EVENT_TITLE_MAX_LENGTH}
          required
          autoComplete="off"
          onChange={(e) => set('title', e.target.value)}
          error={errors.title}
          hint={t('events.form.titleHint')}
        />
        <TextArea
          label={t('events.form.description')}
          value={f.description}
          maxLength={EVENT_DESCRIPTION_MAX_LENGTH}
          rows={4}
          onChange={(e) => set('description', e.target.value)}
          hint={t('events.form.descriptionHint')}
        />
      </Section>

      <Section title={t('events.form.when')}>
        <TextField
          label={t('events.form.startsAt')}
          type="datetime-local"
          value={f.startsAt}
          required
          onChange={(e) => setStart(e.target.value)}
          error={errors.startsAt}
          hint={t('events.form.startsAtHint')}
        />
        <TextField
          label={t('events.form.endsAt')}
          type="datetime-local"
          value={f.endsAt}
          min={f.startsAt || undefined}
          max={f.startsAt ? `${addDays(f.startsAt.slice(0, 10), 14)}T23:59` : undefined}
          required
          onChange={(e) => set('endsAt', e.target.value)}
          error={errors.endsAt}
          hint={t('events.form.endsAtHint')}
        />
        <SelectField
          label={t('events.form.timeZone')}
          value={f.timeZone}
          onChange={(e) => set('timeZone', e.target.value)}
          error={errors.timeZone}
          hint={t('events.form.timeZoneHint')}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </SelectField>
        <RepeatFields fields={f} set={set} error={errors.repeat} />
        {isEdit && f.repeat !== initial.repeat && (
          <p className="event-form__note">{t('events.form.rescheduleNote')}</p>
        )}
      </Section>

      <Section title={t('events.form.where')}>
        <TextField
          label={t('events.form.venueName')}
          value={f.venueName}
          maxLength={EVENT_VENUE_MAX_LENGTH}
          required
          onChange={(e) => set('venueName', e.target.value)}
          error={errors.venueName}
          hint={t('events.form.venueNameHint')}
        />
        <TextField
          label={t('events.form.venueAddress')}
          value={f.venueAddress}
          maxLength={EVENT_VENUE_MAX_LENGTH}
          autoComplete="street-address"
          onChange={(e) => set('venueAddress', e.target.value)}
        />
        <TextField
          label={t('events.form.city')}
          value={f.city}
          maxLength={CITY_MAX_LENGTH}
          autoComplete="off"
          onChange={(e) => set('city', e.target.value)}
          error={errors.city}
          hint={t('events.form.cityHint')}
        />
        {isEdit
          ? groupName && <p className="event-form__note">{t('events.form.inGroup', { group: groupName })}</p>
          : (groups.data?.length ?? 0) > 0 && (
              <SelectField
                label={t('events.form.group')}
                value={f.groupId}
                onChange={(e) => set('groupId', e.target.value)}
                hint={t('events.form.groupHint')}
              >
                <option value="">{t('events.form.noGroup')}</option>
                {groups.data?.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </SelectField>
            )}
      </Section>

      <Section title={t('events.form.forWhom')}>
        <Choices legend={t('events.level')}>
          <RadioChips
            name="event-level"
            items={EVENT_LEVELS}
            value={f.level}
            onChange={(v) => set('level', v)}
          >
            {(v) => t(`events.levels.${v}`)}
          </RadioChips>
        </Choices>
        <TextField
          label={t('events.dressCode')}
          value={f.dressCode}
          maxLength={EVENT_DRESS_CODE_MAX_LENGTH}
          onChange={(e) => set('dressCode', e.target.value)}
          hint={t('events.form.dressCodeHint')}
        />
        <div className="event-form__pair">
          <TextField
            label={t('events.form.priceAmount')}
            inputMode="decimal"
            value={f.priceAmount}
            onChange={(e) => set('priceAmount', e.target.value)}
            error={errors.price}
            hint={t('events.form.priceHint')}
          />
          <TextField
            label={t('events.form.currency')}
            value={f.priceCurrency}
            maxLength={3}
            autoCapitalize="characters"
            autoComplete="off"
            placeholder="ARS"
            onChange={(e) => set('priceCurrency', e.target.value.toUpperCase())}
          />
        </div>
      </Section>

      <Section title={t('events.form.who')}>
        <TextField
          label={t('events.form.coOrganisers')}
          value={f.coOrganisers}
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          onChange={(e) => set('coOrganisers', e.target.value)}
          error={errors.coOrganisers}
          hint={t('events.form.coOrganisersHint')}
        />
        <CreditsFields
          credits={f.credits}
          onChange={(credits) => set('credits', credits)}
          error={errors.credits}
        />
      </Section>

      <Section title={t('events.form.places')} note={t('events.form.placesHint')}>
        <div className="event-form__pair">
          {number('leaderCap')}
          {number('followerCap')}
        </div>
        <div className="event-form__pair">
          {number('capacity')}
          {number('balanceWithin')}
        </div>
      </Section>

      <div className="event-form__actions">
        <Button type="submit" variant="primary" busy={busy || finding}>
          {submitLabel}
        </Button>
      </div>
      <p className="event-form__error" role="alert">
        {errors.form ?? (Object.keys(errors).length > 0 ? t('events.form.errors.check') : '')}
      </p>
    </form>
  );
}

function Section({ title, note, children }: { title: string; note?: string; children: ReactNode }) {
  return (
    <fieldset className="event-form__section">
      <legend className="event-form__legend">{title}</legend>
      {note && <p className="event-form__note">{note}</p>}
      {children}
    </fieldset>
  );
}
