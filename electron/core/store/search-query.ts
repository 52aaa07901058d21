// What a person types into the search box, made into an FTS5 query that can
// never be a syntax error. Input is cut into words and "quoted phrases"; each
// becomes a quoted FTS5 phrase made only of letters and digits, so quotes,
// stars, NEAR(, column filters (a:b), minus signs and emoji are just spaces.
// Words are ANDed; the last word of each term matches as a prefix, so
// "harb" finds "harbour" while typing. The same tokens are used to find the
// highlights, so what is highlighted is what matched.

/** One word or phrase of a search, as folded tokens (the way the index stores them). */
export interface SearchTerm {
  tokens: string[];
  /** The last token matches any word it begins. */
  prefix: boolean;
}

/**
 * Characters the unicode61 tokenizer keeps inside a token: letters, digits,
 * marks and private-use characters. Everything else separates tokens.
 */
const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** More terms than this add nothing a person meant, only work. */
const MAX_TERMS = 12;

/**
 * A one-character prefix ("h*") matches most of the index and reads much of
 * it; prefix matching starts at two characters so results while typing stay
 * instant. A single character still matches that word exactly.
 */
const MIN_PREFIX_CHARS = 2;

/** Lower case without diacritics, as `unicode61 remove_diacritics 2` folds tokens. */
export function foldToken(token: string): string {
  // Most words are plain ASCII: no need to decompose them (snippets fold every word of an article).
  if (!/[^ -~]/.test(token)) return token.toLowerCase();
  return token.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function tokensOf(text: string): string[] {
  return [...text.matchAll(TOKEN)].map((m) => foldToken(m[0])).filter((t) => t.length > 0);
}

/** Words and "quoted phrases"; an unclosed quote runs to the end (someone still typing). */
export function parseSearch(input: string): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const parts = input.split('"');
  parts.forEach((part, index) => {
    const quoted = index % 2 === 1;
    const unclosed = quoted && index === parts.length - 1;
    if (quoted) {
      const tokens = tokensOf(part);
      if (tokens.length > 0) terms.push(term(tokens, unclosed));
      return;
    }
    for (const word of part.split(/\s+/)) {
      // "don't" or "e-mail" are one word to a person and two tokens to the index: a phrase.
      const tokens = tokensOf(word);
      if (tokens.length > 0) terms.push(term(tokens, true));
    }
  });
  return terms.slice(0, MAX_TERMS);
}

function term(tokens: string[], prefix: boolean): SearchTerm {
  const last = tokens.at(-1) ?? '';
  return { tokens, prefix: prefix && [...last].length >= MIN_PREFIX_CHARS };
}

/** The FTS5 MATCH expression for the terms, or null when nothing searchable was typed. */
export function toFtsMatch(terms: readonly SearchTerm[]): string | null {
  if (terms.length === 0) return null;
  // Tokens hold only letters, digits and marks, so double quotes around them cannot be broken out of.
  return terms.map((t) => `"${t.tokens.join(' ')}"${t.prefix ? '*' : ''}`).join(' AND ');
}
