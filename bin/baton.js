#!/usr/bin/env node
// The `baton` command as npm links it. It lives in git (dist/ does not), so
// `npx baton` works right after `npm install`: it runs the built CLI, and
// builds it first when dist/ is missing (a fresh checkout).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const main = path.join(root, 'dist/app/cli/main.js');

if (!existsSync(main)) {
  let tsc;
  try {
    const require = createRequire(path.join(root, 'package.json'));
    tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin/tsc');
  } catch {
    process.stderr.write(
      'baton: Baton is not built (dist/ is missing) and TypeScript is not installed to build it.\n' +
        'Run `npm install` (with dev dependencies), then `npm run build`.\n',
    );
    process.exit(1);
  }
  process.stderr.write('baton: building Baton once (dist/ is missing): tsc -p tsconfig.build.json\n');
  const built = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (built.status !== 0 || !existsSync(main)) {
    process.stderr.write('baton: the build failed (see above). Fix it, or run `npm run build` to retry.\n');
    process.exit(1);
  }
}

// What `node --enable-source-maps` does: stack traces point at the TypeScript sources.
process.setSourceMapsEnabled(true);
// main.js runs the command on import, with this process's arguments.
await import(pathToFileURL(main).href);
