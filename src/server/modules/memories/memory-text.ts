import { HASHTAG_PATTERN, MENTION_PATTERN } from '../../../contract/rules.ts';

// Hashtags and mentions are read from the body as written; the body itself is never altered.

export const MAX_TAGS = 30;
export const MAX_MENTIONS = 20;
export const MAX_TAG_LENGTH = 50;

// HASHTAG_PATTERN and MENTION_PATTERN are shared with the web app, which links the same spans.

/** The canonical form of a tag: without "#", NFC, lower case. */
export function normalizeTag(raw: string): string {
  return raw.replace(/^#/, '').normalize('NFC').toLocaleLowerCase('es');
}

export const TAG_PATTERN = /^#?[\p{L}\p{M}\p{N}_]{1,50}$/u;

export function isValidTag(raw: string): boolean {
  return TAG_PATTERN.test(raw) && /\p{L}/u.test(raw);
}

/** Distinct hashtags in order of first appearance. */
export function parseHashtags(body: string): string[] {
  const found = new Set<string>();
  for (const m of body.matchAll(HASHTAG_PATTERN)) {
    const tag = m[1];
    if (tag && /\p{L}/u.test(tag)) found.add(normalizeTag(tag));
  }
  return [...found];
}

/** Distinct mentioned usernames (lower case) in order of first appearance; at least 3 characters. */
export function parseMentions(body: string): string[] {
  const found = new Set<string>();
  for (const m of body.matchAll(MENTION_PATTERN)) {
    const name = m[1];
    if (name && name.length >= 3) found.add(name.toLowerCase());
  }
  return [...found].slice(0, MAX_MENTIONS);
}

/** Tags of a memory: those in the body plus those given apart, without repeats. */
export function mergeTags(body: string, explicit: readonly string[]): string[] {
  return [...new Set([...parseHashtags(body), ...explicit.map(normalizeTag)])].slice(0, MAX_TAGS);
}
