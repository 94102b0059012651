const SECRET_PARAM =
  /^(?:access[_-]?token|token|auth|authorization|jwt|key|api[_-]?key|apikey|secret|password|pass|sig|signature|session|sid|ticket|code)$/i;

/**
 * The URL as it may appear in an error message: user info and token-like query values replaced
 * by `***`. Input that does not parse is cut to 100 characters.
 */
export function redactUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return input.length > 100 ? `${input.slice(0, 100)}…` : input;
  }
  if (url.username) url.username = '***';
  if (url.password) url.password = '***';
  for (const key of [...url.searchParams.keys()]) {
    if (SECRET_PARAM.test(key)) url.searchParams.set(key, '***');
  }
  return url.href.replace(/%2A%2A%2A/g, '***');
}
