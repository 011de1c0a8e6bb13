/**
 * Where to go after signing in: only a path of this app. `next` comes from the URL, so anything
 * that a browser would resolve to another origin ("//x", "/\x", "/\t/x", "https:x") falls back.
 * Resolving against a placeholder origin is how the browser will read it; a check of the prefix
 * alone misses the backslash and control-character forms.
 */
export function safeNext(next: unknown, fallback = '/invoices'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.length > 2000) return fallback;
  const base = 'http://app.invalid';
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
