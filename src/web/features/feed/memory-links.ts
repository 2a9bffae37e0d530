import { HASHTAG_PATTERN, MENTION_PATTERN } from '../../../contract/rules.ts';
import type { Memory } from '../../../contract/social.ts';

export interface Segment {
  text: string;
  to?: string;
}

/** Splits the body into text and links: #tags to their page, @mentions of real dancers to theirs. */
export function segmentsOf(memory: Pick<Memory, 'body' | 'mentions'>): Segment[] {
  const mentioned = new Map(memory.mentions.map((u) => [u.username.toLowerCase(), u.username]));
  const spans: { start: number; end: number; to: string }[] = [];
  for (const m of memory.body.matchAll(HASHTAG_PATTERN)) {
    const tag = m[1];
    if (!tag || !/\p{L}/u.test(tag)) continue;
    const normal = tag.normalize('NFC').toLocaleLowerCase('es');
    spans.push({ start: m.index, end: m.index + m[0].length, to: `/tags/${encodeURIComponent(normal)}` });
  }
  for (const m of memory.body.matchAll(MENTION_PATTERN)) {
    const username = m[1] && mentioned.get(m[1].toLowerCase());
    if (username) spans.push({ start: m.index, end: m.index + m[0].length, to: `/u/${username}` });
  }
  spans.sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue;
    if (span.start > at) out.push({ text: memory.body.slice(at, span.start) });
    out.push({ text: memory.body.slice(span.start, span.end), to: span.to });
    at = span.end;
  }
  if (at < memory.body.length) out.push({ text: memory.body.slice(at) });
  return out;
}
