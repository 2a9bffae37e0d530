import { useState, type FormEvent } from 'react';
import type { City } from '../../../contract/cities.ts';
import type { Group } from '../../../contract/groups.ts';
import {
  CITY_MAX_LENGTH,
  GROUP_DESCRIPTION_MAX_LENGTH,
  GROUP_NAME_MAX_LENGTH,
  GROUP_VISIBILITY_VALUES,
} from '../../../contract/rules.ts';
import { ApiError, getData } from '../../lib/api.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { Choices, RadioChips } from '../../ui/Choices.tsx';
import { TextArea, TextField } from '../../ui/Field.tsx';

type Visibility = (typeof GROUP_VISIBILITY_VALUES)[number];

export interface GroupFields {
  name: string;
  description: string;
  visibility: Visibility;
  /** The city community's slug; null for none. */
  city: string | null;
}

interface Errors {
  name?: string;
  city?: string;
  form?: string;
}

/**
 * A group's name, description, who may join and read (public or private) and its city, written as a
 * dancer names it ("Buenos Aires") and found among the city communities when the form is sent.
 */
export function GroupForm({
  group,
  initialCity = '',
  submitLabel,
  busy,
  onSubmit,
}: {
  group?: Group;
  initialCity?: string;
  submitLabel: string;
  busy: boolean;
  /** Sends the fields; a refusal comes back as the thrown error. */
  onSubmit: (fields: GroupFields) => Promise<unknown>;
}) {
  const t = useT();
  const [name, setName] = useState(group?.name ?? '');
  const [description, setDescription] = useState(group?.description ?? '');
  const [visibility, setVisibility] = useState<Visibility>(group?.visibility ?? 'public');
  const [city, setCity] = useState(group?.city?.name ?? initialCity);
  const [errors, setErrors] = useState<Errors>({});
  const [finding, setFinding] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || finding) return;
    if (!name.trim()) {
      setErrors({ name: t('groups.form.nameRequired') });
      return;
    }
    setErrors({});
    let slug: string | null = null;
    const place = city.trim();
    if (place) {
      setFinding(true);
      try {
        slug = (await getData<City>(`/cities/${encodeURIComponent(place)}`)).slug;
      } catch (err) {
        setErrors(
          err instanceof ApiError && err.status === 404
            ? { city: t('groups.form.noCity', { city: place }) }
            : { form: errorMessage(t, err) },
        );
        return;
      } finally {
        setFinding(false);
      }
    }
    try {
      await onSubmit({ name: name.trim(), description: description.trim(), visibility, city: slug });
    } catch (err) {
      const field =
        err instanceof ApiError ? err.details.find((d) => d.path === 'name' || d.path === 'city') : undefined;
      setErrors(field ? { [field.path]: errorMessage(t, err) } : { form: errorMessage(t, err) });
    }
  };

  return (
    <form className="group-form" onSubmit={(e) => void submit(e)} noValidate>
      <TextField
        label={t('groups.form.name')}
        value={name}
        maxLength={GROUP_NAME_MAX_LENGTH}
        required
        autoComplete="off"
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
        hint={t('groups.form.nameHint')}
      />
      <TextArea
        label={t('groups.form.description')}
        value={description}
        maxLength={GROUP_DESCRIPTION_MAX_LENGTH}
        rows={4}
        onChange={(e) => setDescription(e.target.value)}
        hint={t('groups.form.descriptionHint')}
      />
      <Choices legend={t('groups.form.visibility')} hint={t(`groups.form.${visibility}Hint`)}>
        <RadioChips
          name="group-visibility"
          items={GROUP_VISIBILITY_VALUES}
          value={visibility}
          onChange={setVisibility}
        >
          {(v) => t(`groups.form.${v}`)}
        </RadioChips>
      </Choices>
      <TextField
        label={t('groups.form.city')}
        value={city}
        maxLength={CITY_MAX_LENGTH}
        autoComplete="off"
        onChange={(e) => setCity(e.target.value)}
        error={errors.city}
        hint={t('groups.form.cityHint')}
      />
      <div className="group-form__actions">
        <Button type="submit" variant="primary" busy={busy || finding}>
          {submitLabel}
        </Button>
      </div>
      <p className="group-form__error" role="alert">
        {errors.form ?? ''}
      </p>
    </form>
  );
}
