/** Longest piece of a file a message quotes, in characters. */
export const QUOTE_LIMIT = 60;

// Characters a message must not echo raw: controls (ESC, NUL, ...), format and bidi controls,
// line and paragraph separators, surrogates, private use and unassigned code points.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]/u;

/** True when a message may show the text as it is (no unprintable character, at most `limit` long). */
export function isPlainText(text: string, limit = QUOTE_LIMIT): boolean {
  return text.length <= limit && !UNPRINTABLE.test(text);
}

/**
 * Text from a file as a message shows it: in double quotes, JSON-style escapes for quotes,
 * backslashes and unprintable characters, at most QUOTE_LIMIT characters inside the quotes
 * (then "…" and the full length), so a binary file cannot garble a terminal or flood a message.
 */
export function quote(text: string, limit = QUOTE_LIMIT): string {
  let out = '';
  let read = 0;
  // Only the head is looked at: a 100 kB token costs no more than a short one.
  for (const ch of text.slice(0, limit + 2)) {
    let piece = ch;
    if (ch === '"' || ch === '\\') piece = `\\${ch}`;
    else if (ch === '\n') piece = '\\n';
    else if (ch === '\r') piece = '\\r';
    else if (ch === '\t') piece = '\\t';
    else if (UNPRINTABLE.test(ch)) {
      const code = ch.codePointAt(0)!;
      piece = code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
    }
    if (out.length + piece.length > limit) break;
    out += piece;
    read += ch.length;
  }
  return read < text.length ? `"${out}…" (${text.length} characters)` : `"${out}"`;
}

/** Text from a file as a message names it (a column name, a key): as is when plain, else quoted. */
export function shown(text: string): string {
  return isPlainText(text) ? text : quote(text);
}
