// What the dancer is typing at the caret: a #tag or an @mention in progress, for the autocomplete.

export interface Token {
  kind: '#' | '@';
  /** Where the "#" or "@" is. */
  start: number;
  /** What follows it, up to the caret. */
  query: string;
}

// As the server reads tags and mentions (contract/rules.ts): after a non-word character or the start.
const TAG_AT_CARET = /(?:^|[^\p{L}\p{N}_&#])#([\p{L}\p{M}\p{N}_]{1,50})$/u;
const MENTION_AT_CARET = /(?:^|[^\p{L}\p{N}_@.])@([A-Za-z0-9_][A-Za-z0-9_.]{0,29})$/u;

/** The tag or mention that ends at the caret, if any. */
export function tokenAt(text: string, caret: number): Token | null {
  const before = text.slice(0, caret);
  const tag = TAG_AT_CARET.exec(before);
  if (tag?.[1]) return { kind: '#', start: caret - tag[1].length - 1, query: tag[1] };
  const mention = MENTION_AT_CARET.exec(before);
  if (mention?.[1]) return { kind: '@', start: caret - mention[1].length - 1, query: mention[1] };
  return null;
}

/** The text with the token replaced by the chosen value and a space; and where the caret goes. */
export function complete(text: string, caret: number, token: Token, value: string) {
  const insert = `${token.kind}${value} `;
  const after = text.slice(caret).replace(/^\S*/, '').replace(/^ /, '');
  return { text: text.slice(0, token.start) + insert + after, caret: token.start + insert.length };
}
