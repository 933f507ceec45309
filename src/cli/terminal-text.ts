/**
 * Text from untrusted input (payloads, event names, error messages) made safe to print: control
 * characters, escape sequences included, are shown as `\xNN` / `\uNNNN` instead of reaching the
 * terminal, where they could move the cursor, rewrite earlier lines or set the window title.
 * Line breaks and tabs are kept: multi-line values stay readable.
 */

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` with every control character other than `\n` and `\t` escaped.
 *
 * @example
 * ```ts
 * escapeControl('a\u001b[2Jb'); // 'a\\x1b[2Jb'
 * ```
 */
export const escapeControl = (text: string): string =>
  text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
