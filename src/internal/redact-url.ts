/** Query and fragment parameters whose values are secrets: tokens, keys, passwords, signatures, sessions. */
const SECRET_PARAM =
  /token|secret|passw|pwd|^pass$|auth|jwt|api[_-]?key|^key$|^sig|signature|session|^sid$|ticket|credential|^code$/i;
/** `key=value` after `?`, `&`, `;` or `#`: the value is replaced when the key names a secret. */
const PARAM = /([?&;#])([^=&;#]*)=([^&;#]*)/g;
/**
 * In text that is not a URL, everything between the scheme (if any) and the last `@`: user info, as far as text can
 * tell. A password may hold `/`, `?` or `#` too, so no delimiter is trusted.
 */
const USER_INFO = /^([a-z][a-z\d+.-]*:\/\/)?[\s\S]*@/i;
const MAX_UNPARSED = 100;
/** Schemes whose URLs the URL parser splits into user info, host and the rest. */
const AUTHORITY_SCHEMES = new Set(['ws:', 'wss:', 'http:', 'https:']);

function decode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/**
 * The URL as it may appear in an error message: user info and the values of token-like query and fragment
 * parameters replaced by `***`, whether the URL parses or not. Text that does not parse as a ws, wss, http or https URL has everything up to its
 * last `@` treated as user info (too much hidden rather than a secret shown), and is cut to 100 characters.
 */
export function redactUrl(input: string): string {
  let url: URL | undefined;
  try {
    url = new URL(input);
  } catch {
    url = undefined;
  }
  if (url && AUTHORITY_SCHEMES.has(url.protocol)) {
    if (url.username) url.username = '***';
    if (url.password) url.password = '***';
    return hideSecretParams(url.href.replace(/%2A%2A%2A/g, '***'));
  }
  // Not a URL, or one whose scheme has no authority ('user:pass@host' parses with the scheme 'user:'). The
  // parameters go first: a token holding '@' must not be taken for the end of the user info.
  const text = hideSecretParams(input).replace(USER_INFO, '$1***@');
  return text.length > MAX_UNPARSED ? `${text.slice(0, MAX_UNPARSED)}…` : text;
}

function hideSecretParams(text: string): string {
  return text.replace(PARAM, (whole, lead: string, key: string) =>
    SECRET_PARAM.test(decode(key)) ? `${lead}${key}=***` : whole,
  );
}
