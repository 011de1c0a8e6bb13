/**
 * The layers of README § Architecture, enforced by `npm run lint`.
 *
 *   app/, lib/worker/ (entry points) ─► lib/server (use cases) ─► lib/db, lib/fa3, lib/ksef, lib/jobs, …
 *   components/ (UI) ─► lib/i18n, lib/fa3, lib/invoices, lib/action-state.ts (+ types of lib/server)
 *   emulator/ shares no code with lib/ksef; nothing imports app/.
 *
 * Why eslint-plugin-import-x's `no-restricted-paths`: it checks the file an import RESOLVES to
 * (through tsconfig's `@/` alias, with eslint-import-resolver-typescript): the alias path, a
 * relative path out of the folder and a neighbour's `./client` are the same file to it. ESLint's
 * built-in `no-restricted-imports` matches the written specifier only, which a relative path walks
 * around.
 * It is used for the one rule that must look at the import's kind: components may import TYPES from
 * lib/server (a use case's result is the props a page hands to them), never values — value imports
 * would pull server code (Prisma, keys) into the browser bundle; `server-only` fails the build then too.
 */
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/** Code that runs only on the server and never belongs in the UI or in the libraries below it. */
const SERVER = ['./lib/server', './lib/db', './lib/jobs', './lib/worker', './lib/secrets', './lib/mail', './lib/auth', './lib/config.ts', './lib/logger.ts'];
const TOOLS = ['./emulator', './scripts'];

const zones = [
  {
    target: ['./lib', './components', './emulator', './scripts', './tests', './prisma', './proxy.ts'],
    from: ['./app'],
    message: 'Nothing imports app/: move what is shared below it (lib/ or components/).',
  },
  {
    target: ['./components'],
    from: [...SERVER.filter((p) => p !== './lib/server'), './lib/ksef', ...TOOLS],
    message: 'components/ is UI: it gets data as props and may import lib/i18n, lib/fa3, lib/invoices, never server code.',
  },
  {
    target: ['./app'],
    from: ['./lib/db', './lib/jobs', './lib/worker', './lib/secrets', './lib/mail', './lib/ksef', ...TOOLS],
    message: 'app/ is thin: it calls the use cases in lib/server (which check access), not the database, the queue or KSeF.',
  },
  {
    target: ['./lib/auth'],
    from: ['./lib/db', './lib/jobs', './lib/worker', './lib/secrets', './lib/ksef', './components', ...TOOLS],
    message: 'lib/auth is the web layer’s sign-in: it goes through lib/server like app/ does.',
  },
  {
    target: ['./lib/worker'],
    from: ['./lib/auth', './components', ...TOOLS],
    message: 'lib/worker wires job tasks to lib/server use cases; it has no web or UI code.',
  },
  {
    target: ['./lib/server'],
    from: ['./lib/auth', './lib/worker', './components', ...TOOLS],
    message: 'lib/server is called by app/ and lib/worker, never the other way round.',
  },
  {
    target: ['./lib/ksef', './lib/fa3'],
    from: [...SERVER, './components', ...TOOLS],
    message: 'lib/ksef and lib/fa3 are libraries: they take their configuration and logger as arguments and know nothing of the app.',
  },
  {
    // Everything else in lib/ sits below lib/server (lib/jobs only enqueues; lib/db, lib/secrets, …).
    target: [
      './lib/db',
      './lib/jobs',
      './lib/secrets',
      './lib/mail',
      './lib/i18n',
      './lib/pdf',
      './lib/xml',
      './lib/invoices',
      './lib/config.ts',
      './lib/logger.ts',
      './lib/action-state.ts',
      './lib/security-headers.ts',
    ],
    from: ['./lib/server', './lib/worker', './lib/auth', './components', ...TOOLS],
    message: 'A lower layer does not call up: lib/server calls this module, not the other way round.',
  },
  {
    target: ['./emulator'],
    from: ['./lib/ksef', ...SERVER, './components', './scripts'],
    message: 'The emulator is a separate KSeF server: it shares no protocol or crypto code with lib/ksef, nor any app code.',
  },
];

export const layers = [
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      // no-cycle parses the imported files too.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones }],
      // A module graph without cycles (there are none; a re-export in lib/ksef/auth made one): an
      // import cycle is an arrow pointing back up, and it makes evaluation order matter.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['components/**/*.ts', 'components/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^@/|/)lib/server(/|$)', allowTypeImports: true, message: 'components/ may import types from lib/server, never values (server code would reach the browser).' }] },
      ],
    },
  },
];
