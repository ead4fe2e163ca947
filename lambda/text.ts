/** Checks on strings bound for AWS, which expects well-formed UTF-8. */

const LONE_SURROGATE =
  /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// SNS message attributes take printable text only, so control characters
// are exactly what this pattern has to find.
// biome-ignore lint/suspicious/noControlCharactersInRegex: see above
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Returns whether `text` has half of a UTF-16 surrogate pair alone. */
export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

/** Replaces each lone surrogate with U+FFFD, as a UTF-8 encoder would. */
export function toWellFormed(text: string): string {
  return text.replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}

/** Returns whether `text` is safe as an SNS message attribute value. */
export function isPrintableText(text: string): boolean {
  return !UNPRINTABLE.test(text) && !hasLoneSurrogate(text);
}
