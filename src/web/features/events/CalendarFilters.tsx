import { useDeferredValue, useState } from 'react';
import { Link } from 'react-router';
import { CITY_MAX_LENGTH, EVENT_TYPES } from '../../../contract/rules.ts';
import { currentLocale, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { TextField } from '../../ui/Field.tsx';
import { PinIcon } from '../feed/feed-icons.tsx';
import { countryName } from '../profile/profile-format.ts';
import { EVERYWHERE, VIEWS, type useCalendarCity, type useCalendarParams } from './calendar-params.ts';
import { useCityChoices } from './events.api.ts';

type Params = ReturnType<typeof useCalendarParams>;
type CalendarCity = ReturnType<typeof useCalendarCity>;

/** The calendar's city and type, and how it is shown (a list, a month, a week). */
export function CalendarFilters({ params, city }: { params: Params; city: CalendarCity }) {
  const t = useT();
  const [choosing, setChoosing] = useState(false);
  const cityName = city.slug ? (city.name ?? city.slug) : t('events.everywhere');
  return (
    <div className="calendar__filters">
      <div className="calendar__row">
        <Button
          className="calendar__city"
          icon={<PinIcon />}
          aria-haspopup="dialog"
          onClick={() => setChoosing(true)}
        >
          <span className="visually-hidden">{t('events.city')}: </span>
          {city.ready ? cityName : '…'}
        </Button>
        <label className="calendar__type">
          <span className="visually-hidden">{t('events.type')}</span>
          <select
            className="field__control field__control--select"
            value={params.type}
            onChange={(e) => params.change({ type: e.target.value || null })}
          >
            <option value="">{t('events.allTypes')}</option>
            {EVENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`events.types.${type}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <nav className="segmented" aria-label={t('events.view')}>
        {VIEWS.map((view) => (
          <Link
            key={view}
            to={params.hrefWith({ view: view === 'list' ? null : view })}
            className="segmented__item"
            aria-current={params.view === view ? 'page' : undefined}
            replace
            preventScrollReset
          >
            {t(`events.views.${view}`)}
          </Link>
        ))}
      </nav>
      <Dialog open={choosing} title={t('events.chooseCity')} onClose={() => setChoosing(false)}>
        {choosing && (
          <CityChooser
            home={city.home}
            onChoose={(slug) => {
              setChoosing(false);
              params.change({ city: slug, day: null });
            }}
          />
        )}
      </Dialog>
    </div>
  );
}

/** Cities found by their first letters, the dancer's own and everywhere. */
function CityChooser({ home, onChoose }: { home: string | null; onChoose: (slug: string | null) => void }) {
  const t = useT();
  const [typed, setTyped] = useState('');
  const q = useDeferredValue(typed.trim());
  const choices = useCityChoices(q, true);
  return (
    <div className="city-chooser">
      <TextField
        label={t('events.searchCity')}
        type="search"
        autoComplete="off"
        maxLength={CITY_MAX_LENGTH}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        hint={t('events.searchCityHint')}
      />
      <ul className="city-chooser__list" aria-busy={choices.isPending || undefined}>
        {home && !q && (
          <li>
            <button type="button" className="city-chooser__item" onClick={() => onChoose(null)}>
              {t('events.myCity', { city: home })}
            </button>
          </li>
        )}
        {!q && (
          <li>
            <button type="button" className="city-chooser__item" onClick={() => onChoose(EVERYWHERE)}>
              {t('events.everywhere')}
            </button>
          </li>
        )}
        {(choices.data ?? []).map((c) => (
          <li key={c.slug}>
            <button type="button" className="city-chooser__item" onClick={() => onChoose(c.slug)}>
              {c.name}
              {c.country && (
                <span className="city-chooser__country"> · {countryName(currentLocale(), c.country)}</span>
              )}
            </button>
          </li>
        ))}
        {q && choices.data?.length === 0 && (
          <li className="city-chooser__none">{t('events.noCityMatch', { q })}</li>
        )}
      </ul>
    </div>
  );
}
