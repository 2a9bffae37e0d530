import { useState } from 'react';
import type { PublicUser } from '../../../contract/users.ts';
import { useT } from '../../lib/i18n.ts';
import { useViewerId } from '../../lib/use-session.ts';
import { Avatar } from '../../ui/Avatar.tsx';
import { TextField } from '../../ui/Field.tsx';
import { useUserSearch } from '../feed/feed.api.ts';

/** A search box for dancers by name; each one found is a button that says what picking does. */
export function PeopleSearch({
  label,
  pickLabel,
  onPick,
  exclude = [],
  disabled = false,
  error,
}: {
  label: string;
  /** The button's words for a dancer: "Message Ana", "Add Ana". */
  pickLabel: (user: PublicUser) => string;
  onPick: (user: PublicUser) => void;
  exclude?: string[];
  disabled?: boolean;
  error?: string | undefined;
}) {
  const t = useT();
  const me = useViewerId();
  const [q, setQ] = useState('');
  const people = useUserSearch(q);
  const found = (people.data ?? []).filter((u) => u.id !== me && !exclude.includes(u.id));
  return (
    <div className="chat-new">
      <TextField
        label={label}
        type="search"
        autoComplete="off"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        error={error}
      />
      {q.trim() !== '' && found.length > 0 && (
        <ul className="chat-new__results" aria-label={t('chat.searchResults')}>
          {found.map((u) => (
            <li key={u.id}>
              <button
                type="button"
                className="chat-new__person"
                disabled={disabled}
                onClick={() => {
                  setQ('');
                  onPick(u);
                }}
              >
                <Avatar name={u.displayName} url={u.avatarUrl} size="sm" />
                <span>
                  {pickLabel(u)}
                  <span className="chat-new__username"> @{u.username}</span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
