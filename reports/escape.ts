/**
 * Escaping for the three places report data ends up: HTML text, XML text and attributes
 * (junit.xml), and JSON embedded in an HTML `<script>` element. Pure.
 */

/** Escapes `& < > " '` so any string is safe as HTML text or a quoted attribute value. Pure. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Characters XML 1.0 forbids (controls other than tab/CR/LF, lone surrogates, U+FFFE/F). */
const XML_INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Makes any string safe as XML text or a double-quoted attribute value: escapes `& < > " '`,
 * and replaces characters XML 1.0 cannot carry with U+FFFD. Pure.
 */
export function escapeXml(s: string): string {
  return s.replace(XML_INVALID, '\uFFFD').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Serialises `value` as JSON that can sit inside `<script type="application/json">` without
 * ending it or opening a comment: `<`, `>` and `&` become `\u003c`, `\u003e`, `\u0026` (so no
 * `</script>` or `<!--` can appear), and U+2028/U+2029 are escaped too. `JSON.parse` of the
 * element's text gives the value back unchanged. Pure.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Checks that a library's code or CSS can be inlined in a `<script>` or `<style>` element: it
 * must not contain the element's end tag or a comment opener.
 * @throws Error naming `what` when it does
 */
export function assertInlinable(text: string, tag: 'script' | 'style', what: string): string {
  if (new RegExp(`</${tag}|<!--`, 'i').test(text)) throw new Error(`cannot inline ${what}: it contains </${tag} or <!--`);
  return text;
}
