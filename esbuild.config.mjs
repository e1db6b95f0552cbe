// The production build's second step (`npm run build`, after tsc has type-checked and compiled):
// Baton and the libraries it loads at start-up as a few ES module files in dist/bundle/, which
// `npm start` runs. Loading some 800 modules one by one (resolving each, reading its package.json,
// compiling it) took about a second of every start, more than half of it in Bolt and botbuilder;
// bundled, a start loads a handful of files (measured in docs/performance-notes.md).
//
// Usage: node esbuild.config.mjs [outdir]   (default dist/bundle; the test of the bundle builds
// its own copy). The outdir must sit two levels under the repository root: Baton finds its bundled
// config, playbooks and migrations by walking up from its own files, as it does from dist/.
import { build } from 'esbuild';

const outdir = process.argv[2] ?? 'dist/bundle';

await build({
  entryPoints: { main: 'app/cli/main.ts' },
  bundle: true,
  // What is imported only when used (a store, a CRM, a translator, the CLI's other commands)
  // stays in chunks of its own, loaded as before only when used.
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  // Written beside the bundle, read only with `node --enable-source-maps` (see the README).
  sourcemap: true,
  // V8 keeps every script's source in the heap (for functions compiled on first call): without
  // whitespace and with shorter syntax, RSS six seconds after start-up is 284 MB instead of 299 MB
  // on the bench data. Names are kept, so a stack trace still names its functions.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // Left to node_modules, loaded as before when first used: libraries that find files of their
  // own package at run time (jsforce's client, open's xdg-open, the Playground's CLI), that
  // require an optional native module (pg), or that are large and loaded late (echarts, the
  // first chart drawn; nodemailer, deepl-node).
  external: [
    '@microsoft/m365agentsplayground',
    'deepl-node',
    'echarts',
    'jsforce',
    'nodemailer',
    'open',
    'pg',
    'pg-native',
  ],
  // Bundled CommonJS libraries require Node's own modules: give them a `require` in ES modules.
  banner: {
    js: "import { createRequire as __batonCreateRequire } from 'node:module'; const require = __batonCreateRequire(import.meta.url);",
  },
});
