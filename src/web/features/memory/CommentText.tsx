import { Link } from 'react-router';
import { mentionSegments } from './comment-text.ts';

/** A comment's text as written (plain text, never HTML), each @username linked to that dancer's page. */
export function CommentText({ body }: { body: string }) {
  return (
    <p className="memory-comment__body" dir="auto">
      {mentionSegments(body).map((s, i) =>
        s.to ? (
          <Link key={i} to={s.to}>
            {s.text}
          </Link>
        ) : (
          s.text
        ),
      )}
    </p>
  );
}
