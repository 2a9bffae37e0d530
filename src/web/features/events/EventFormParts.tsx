import { EVENT_CREDIT_ROLES, EVENT_CREDITS_MAX, USERNAME_MAX_LENGTH } from '../../../contract/rules.ts';
import { useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { Choices, RadioChips } from '../../ui/Choices.tsx';
import { SelectField, TextField } from '../../ui/Field.tsx';
import { CloseIcon } from '../../ui/icons.tsx';
import type { EndKind, EventFields, RepeatKind } from './event-form.ts';
import { NTH_NAMES, NTHS, WEEKDAYS, type Nth, type Weekday } from './repeat.ts';

type Set = <K extends keyof EventFields>(key: K, value: EventFields[K]) => void;

/**
 * How the event repeats: not at all, weekly on a weekday, or monthly on the first … last weekday; and
 * until when: a number of dates, a last date, or on and on (the API lists a year ahead).
 */
export function RepeatFields({
  fields: f,
  set,
  error,
}: {
  fields: EventFields;
  set: Set;
  error?: string | undefined;
}) {
  const t = useT();
  const kinds: RepeatKind[] =
    f.repeat === 'custom' ? ['none', 'weekly', 'monthly', 'custom'] : ['none', 'weekly', 'monthly'];
  return (
    <div className="event-form__repeat">
      <Choices legend={t('events.form.repeat')}>
        <RadioChips name="event-repeat" items={kinds} value={f.repeat} onChange={(v) => set('repeat', v)}>
          {(v) => t(`events.form.repeats.${v}`)}
        </RadioChips>
      </Choices>
      {f.repeat === 'custom' && (
        <p className="event-form__note">{t('events.form.customRule', { rule: f.customRule })}</p>
      )}
      {(f.repeat === 'weekly' || f.repeat === 'monthly') && (
        <>
          <div className="event-form__pair">
            {f.repeat === 'monthly' && (
              <SelectField
                label={t('events.form.nth')}
                value={String(f.nth)}
                onChange={(e) => set('nth', Number(e.target.value) as Nth)}
              >
                {NTHS.map((n) => (
                  <option key={n} value={n}>
                    {t(`events.nth.${NTH_NAMES[n]}`)}
                  </option>
                ))}
              </SelectField>
            )}
            <SelectField
              label={t('events.form.weekday')}
              value={f.weekday}
              onChange={(e) => set('weekday', e.target.value as Weekday)}
            >
              {WEEKDAYS.map((d) => (
                <option key={d} value={d}>
                  {t(`events.weekdays.${d}`)}
                </option>
              ))}
            </SelectField>
          </div>
          <Choices legend={t('events.form.ends')}>
            <RadioChips
              name="event-repeat-end"
              items={['count', 'until', 'never'] as EndKind[]}
              value={f.end}
              onChange={(v) => set('end', v)}
            >
              {(v) => t(`events.form.endKinds.${v}`)}
            </RadioChips>
          </Choices>
          {f.end === 'count' && (
            <TextField
              label={t('events.form.count')}
              inputMode="numeric"
              pattern="[0-9]*"
              value={f.count}
              onChange={(e) => set('count', e.target.value)}
              error={error}
              hint={t('events.form.countHint')}
            />
          )}
          {f.end === 'until' && (
            <TextField
              label={t('events.form.until')}
              type="date"
              value={f.until}
              min={f.startsAt.slice(0, 10) || undefined}
              onChange={(e) => set('until', e.target.value)}
              error={error}
            />
          )}
          {f.end === 'never' && <p className="event-form__note">{t('events.form.neverHint')}</p>}
        </>
      )}
      {error && f.end === 'never' && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

/** The dancers credited (the DJ, the teachers…), each by username with their part; they accept it. */
export function CreditsFields({
  credits,
  onChange,
  error,
}: {
  credits: EventFields['credits'];
  onChange: (credits: EventFields['credits']) => void;
  error?: string | undefined;
}) {
  const t = useT();
  const update = (i: number, change: Partial<EventFields['credits'][number]>) =>
    onChange(credits.map((c, j) => (j === i ? { ...c, ...change } : c)));
  return (
    <fieldset className="event-form__credits">
      <legend className="field__label">{t('events.credits')}</legend>
      <p className="choices__hint">{t('events.form.creditsHint')}</p>
      {credits.map((credit, i) => (
        <div key={i} className="credit-row">
          <TextField
            label={t('events.form.creditUsername', { n: i + 1 })}
            value={credit.username}
            maxLength={USERNAME_MAX_LENGTH + 1}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            onChange={(e) => update(i, { username: e.target.value })}
          />
          <SelectField
            label={t('events.form.creditRole', { n: i + 1 })}
            value={credit.role}
            onChange={(e) => update(i, { role: e.target.value as (typeof EVENT_CREDIT_ROLES)[number] })}
          >
            {EVENT_CREDIT_ROLES.map((role) => (
              <option key={role} value={role}>
                {t(`events.creditRoles.${role}`)}
              </option>
            ))}
          </SelectField>
          <Button
            variant="ghost"
            size="sm"
            className="credit-row__remove"
            aria-label={t('events.form.removeCredit', { n: i + 1 })}
            icon={<CloseIcon />}
            onClick={() => onChange(credits.filter((_, j) => j !== i))}
          />
        </div>
      ))}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      {credits.length < EVENT_CREDITS_MAX && (
        <Button size="sm" onClick={() => onChange([...credits, { username: '', role: 'dj' }])}>
          {t('events.form.addCredit')}
        </Button>
      )}
    </fieldset>
  );
}
