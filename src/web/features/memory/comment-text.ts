import { MENTION_PATTERN, USERNAME_PATTERN } from '../../../contract/rules.ts';

export interface TextSegment {
  text: string;
  /** A link to this dancer's page. */
  to?: string;
}

/**
 * A comment's text split into plain text and @mentions, each linked to that username's page. Comments
 * carry no list of who they mention, so any well-formed username is linked; a missing one shows the
 * profile's not-found page.
 */
export function mentionSegments(body: string): TextSegment[] {
  const out: TextSegment[] = [];
  let at = 0;
  for (const m of body.matchAll(MENTION_PATTERN)) {
    const username = m[1];
    if (!username || !USERNAME_PATTERN.test(username)) continue;
    if (m.index > at) out.push({ text: body.slice(at, m.index) });
    out.push({ text: m[0], to: `/u/${username}` });
    at = m.index + m[0].length;
  }
  if (at < body.length) out.push({ text: body.slice(at) });
  return out;
}
