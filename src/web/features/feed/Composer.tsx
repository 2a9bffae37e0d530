import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { MEMORY_BODY_MAX_CHARS, VISIBILITY_VALUES } from '../../../contract/rules.ts';
import type { VisibilityValue } from '../../../contract/social.ts';
import { newIdempotencyKey } from '../../lib/api.ts';
import { errorMessage, useT } from '../../lib/i18n.ts';
import { useSession } from '../../lib/use-session.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { Button } from '../../ui/Button.tsx';
import { toast } from '../../ui/toast.tsx';
import { CharCounter, charCount } from './CharCounter.tsx';
import { cachedTags, useCreateMemory, useUserSearch, type NewMemory } from './feed.api.ts';
import { fieldError } from './MemoryDialogs.tsx';
import { complete, tokenAt, type Token } from './mention-token.ts';
import './feed.css';

/** The composer's text box, for "share your first memory" buttons elsewhere on the page. */
export const COMPOSER_TEXT_ID = 'composer-text';

// Offered for #… before the loaded memories have tags of their own.
const TANGO_TAGS = ['milonga', 'practica', 'tango', 'vals', 'encuentro', 'festival', 'marathon', 'clase'];

interface Suggestion {
  id: string;
  value: string;
  label: string;
  detail?: string;
  avatar?: { name: string; url: string | null };
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** Suggestions for the #tag or @mention being typed: tags seen in loaded memories, dancers by prefix. */
function useSuggestions(token: Token | null): Suggestion[] {
  const queryClient = useQueryClient();
  const mention = useDebounced(token?.kind === '@' ? token.query : '', 150);
  const users = useUserSearch(mention).data;
  return useMemo(() => {
    if (!token) return [];
    if (token.kind === '@') {
      return (users ?? []).map((u) => ({
        id: u.id,
        value: u.username,
        label: u.displayName,
        detail: `@${u.username}`,
        avatar: { name: u.displayName, url: u.avatarUrl },
      }));
    }
    const prefix = token.query.normalize('NFC').toLocaleLowerCase('es');
    return [...new Set([...cachedTags(queryClient), ...TANGO_TAGS])]
      .filter((tag) => tag.startsWith(prefix) && tag !== prefix)
      .slice(0, 8)
      .map((tag) => ({ id: tag, value: tag, label: `#${tag}` }));
  }, [token, users, queryClient]);
}

/**
 * "Share a memory": text with #tag and @mention autocomplete, who may see it, the city (the dancer's
 * own to start with), a counter near the limit and Post. A retry of the same text reuses its
 * Idempotency-Key, so a post whose answer was lost is not made twice; a failed post keeps the text.
 */
export function Composer({ group }: { group?: { id: string; name: string } } = {}) {
  const t = useT();
  const state = useSession();
  const me = state.status === 'signedIn' ? state.user : null;
  const create = useCreateMemory();
  const ids = useId();
  const textRef = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<VisibilityValue>('public');
  const [city, setCity] = useState(me?.city ?? '');
  const [caret, setCaret] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const pendingCaret = useRef<number | null>(null);
  // One key per distinct submission: the same text posted again (a retry) sends the same key.
  const attempt = useRef<{ key: string; signature: string } | null>(null);

  const token = useMemo(() => {
    const found = tokenAt(body, caret);
    return found && found.start !== dismissedAt ? found : null;
  }, [body, caret, dismissedAt]);
  const suggestions = useSuggestions(token);
  const open = suggestions.length > 0;
  const listId = `${ids}-suggestions`;
  const optionId = (i: number) => `${ids}-option-${i}`;

  useEffect(() => setActive(0), [token?.start, token?.kind, suggestions.length]);
  useEffect(() => {
    if (pendingCaret.current === null || !textRef.current) return;
    textRef.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  }, [body]);

  const pick = (s: Suggestion) => {
    if (!token) return;
    const next = complete(body, caret, token, s.value);
    pendingCaret.current = next.caret;
    setBody(next.text);
    setCaret(next.caret);
    textRef.current?.focus();
  };

  const length = charCount(body);
  const tooLong = length > MEMORY_BODY_MAX_CHARS;
  const empty = body.trim() === '';

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (tooLong || empty || create.isPending) return;
    const place = group ? { groupId: group.id } : { visibility };
    const input: NewMemory = { body, city: city.trim() || null, ...place };
    const signature = JSON.stringify(input);
    if (attempt.current?.signature !== signature) attempt.current = { key: newIdempotencyKey(), signature };
    create.mutate(
      { input, key: attempt.current.key },
      {
        onSuccess: () => {
          attempt.current = null;
          setBody('');
          setCaret(0);
          toast(t('feed.composer.posted'));
        },
      },
    );
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
      return;
    }
    if (!open) return;
    if (e.key === 'ArrowDown') setActive((a) => (a + 1) % suggestions.length);
    else if (e.key === 'ArrowUp') setActive((a) => (a - 1 + suggestions.length) % suggestions.length);
    else if (e.key === 'Enter' || e.key === 'Tab') {
      const chosen = suggestions[active];
      if (chosen) pick(chosen);
    } else if (e.key === 'Escape') setDismissedAt(token?.start ?? null);
    else return;
    e.preventDefault();
  };
  const follow = (el: HTMLTextAreaElement) => setCaret(el.selectionStart);

  const err = create.error;
  const bodyError = fieldError(t, err, 'body');
  const cityError = fieldError(t, err, 'city');
  const status = err
    ? t('feed.composer.failed', { reason: errorMessage(t, err) })
    : create.isPending
      ? t('feed.composer.posting')
      : null;

  return (
    <section className="composer" aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`} className="visually-hidden">
        {t('feed.composer.title')}
      </h2>
      <form className="composer__form" onSubmit={submit} noValidate>
        <div className="composer__field">
          <label htmlFor={COMPOSER_TEXT_ID} className="visually-hidden">
            {t('feed.composer.label')}
          </label>
          <textarea
            ref={textRef}
            id={COMPOSER_TEXT_ID}
            className="composer__text"
            name="body"
            rows={3}
            dir="auto"
            placeholder={t('feed.composer.placeholder')}
            value={body}
            aria-invalid={tooLong || bodyError ? true : undefined}
            aria-describedby={`${ids}-status`}
            aria-autocomplete="list"
            aria-controls={open ? listId : undefined}
            aria-activedescendant={open ? optionId(active) : undefined}
            onChange={(e) => {
              setBody(e.target.value);
              follow(e.target);
              setDismissedAt(null);
            }}
            onSelect={(e) => follow(e.currentTarget)}
            onKeyDown={onKeyDown}
            onBlur={() => setDismissedAt(token?.start ?? null)}
            onFocus={() => setDismissedAt(null)}
          />
          {open && (
            <ul
              id={listId}
              role="listbox"
              aria-label={t('feed.composer.suggestions')}
              className="composer__suggestions"
            >
              {suggestions.map((s, i) => (
                <li
                  key={s.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  className="composer__suggestion"
                  // mousedown, not click: the text box keeps its focus and caret.
                  onMouseDown={(e) => {
                    e.preventDefault();
                    pick(s);
                  }}
                >
                  {s.avatar && <Avatar name={s.avatar.name} url={s.avatar.url} size="sm" />}
                  <span className="composer__suggestion-name">{s.label}</span>
                  {s.detail && <span className="composer__suggestion-handle">{s.detail}</span>}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="composer__options">
          {group ? (
            <p className="composer__option composer__group">
              {t('feed.composer.inGroup', { group: group.name })}
            </p>
          ) : (
            <label className="composer__option">
              <span>{t('feed.composer.visibility')}</span>
              <select
                name="visibility"
                value={visibility}
                onChange={(e) => setVisibility(e.target.value as VisibilityValue)}
                title={t(`feed.visibilityHint.${visibility}`)}
              >
                {VISIBILITY_VALUES.map((v) => (
                  <option key={v} value={v}>
                    {t(`feed.visibility.${v}`)}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="composer__option">
            <span>{t('feed.composer.city')}</span>
            <input
              name="city"
              value={city}
              maxLength={100}
              autoComplete="address-level2"
              placeholder={t('feed.composer.cityPlaceholder')}
              aria-invalid={cityError ? true : undefined}
              onChange={(e) => setCity(e.target.value)}
            />
          </label>
        </div>
        <div className="composer__foot">
          <p
            id={`${ids}-status`}
            className={`composer__status${err ? ' composer__status--error' : ''}`}
            role={err ? 'alert' : undefined}
          >
            {status ?? <CharCounter text={body} />}
          </p>
          <Button type="submit" variant="primary" busy={create.isPending} disabled={tooLong || empty}>
            {t('feed.composer.post')}
          </Button>
        </div>
      </form>
    </section>
  );
}
