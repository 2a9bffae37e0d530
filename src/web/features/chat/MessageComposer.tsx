import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { MESSAGE_MAX_CHARS } from '../../../contract/rules.ts';
import { useT } from '../../lib/i18n.ts';
import { Button } from '../../ui/Button.tsx';
import { sendMessage, sendTyping } from './chat-live.ts';

const TYPING_EVERY_MS = 3_000;

/** Enter sends, Shift+Enter starts a new line; the others see "typing…" while the dancer writes. */
export function MessageComposer({ conversationId }: { conversationId: string }) {
  const t = useT();
  const [text, setText] = useState('');
  const typingSince = useRef(0);
  const area = useRef<HTMLTextAreaElement>(null);
  const tooLong = [...text].length > MESSAGE_MAX_CHARS;
  const canSend = text.trim() !== '' && !tooLong;

  const stopTyping = () => {
    if (typingSince.current === 0) return;
    typingSince.current = 0;
    sendTyping(conversationId, false);
  };
  // Leaving the conversation ends the mark at once rather than after its 6 s.
  useEffect(
    () => () => {
      if (typingSince.current !== 0) sendTyping(conversationId, false);
    },
    [conversationId],
  );

  const change = (value: string) => {
    setText(value);
    if (value.trim() === '') return stopTyping();
    if (Date.now() - typingSince.current > TYPING_EVERY_MS) {
      typingSince.current = Date.now();
      sendTyping(conversationId, true);
    }
  };
  const send = () => {
    if (!canSend) return;
    sendMessage(conversationId, text);
    setText('');
    stopTyping();
    area.current?.focus();
  };
  const keyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      send();
    }
  };

  return (
    <form
      className="chat-composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <label htmlFor={`composer-${conversationId}`} className="visually-hidden">
        {t('chat.message')}
      </label>
      <textarea
        id={`composer-${conversationId}`}
        ref={area}
        className="chat-composer__text"
        rows={1}
        value={text}
        placeholder={t('chat.placeholder')}
        aria-invalid={tooLong || undefined}
        aria-describedby={tooLong ? `composer-${conversationId}-error` : undefined}
        onChange={(e) => change(e.target.value)}
        onKeyDown={keyDown}
        onBlur={stopTyping}
      />
      {tooLong && (
        <p id={`composer-${conversationId}-error`} className="chat-composer__error" role="alert">
          {t('chat.tooLong', { max: MESSAGE_MAX_CHARS })}
        </p>
      )}
      <Button type="submit" variant="primary" disabled={!canSend}>
        {t('chat.send')}
      </Button>
    </form>
  );
}
