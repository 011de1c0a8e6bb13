/**
 * Preloaded by every script that runs server modules outside Next.js (`tsx --import
 * ./scripts/lib/server-only-condition.mjs …`, see package.json): lib/server, lib/db and lib/secrets
 * start with `import 'server-only'`, whose package throws unless it is resolved under the
 * `react-server` condition — what Next.js does for server code, and what keeps those modules out of
 * the browser. Here that condition is added for `server-only` alone: `--conditions=react-server`
 * would also switch React and Next.js to their server builds. Vitest has an alias instead.
 */
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(`export async function resolve(specifier, context, next) {
  return next(specifier, specifier === 'server-only' ? { ...context, conditions: [...context.conditions, 'react-server'] } : context);
}`),
);
