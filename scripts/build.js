#!/usr/bin/env node
// Compiles every TypeScript source (apps, libs, migrations, scripts, bench) to dist/ with SWC.
// Type checking is `npm run typecheck`; this step only emits, so it takes about a second.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { transformFile } = require('@swc/core');
const { swcOptions } = require('../swc.config');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'dist');
const sourceDirs = ['apps', 'libs', 'migrations', 'scripts', 'bench'];
const isSource = (f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !/\.(spec|e2e-spec)\.ts$/.test(f);

function* walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else yield full;
  }
}

async function main() {
  // Overwrites in place so a build never pulls dist/ from under a running process; --clean empties it first.
  if (process.argv.includes('--clean')) fs.rmSync(outDir, { recursive: true, force: true });
  const options = swcOptions({ rewritePaths: true });
  const jobs = [];
  for (const dir of sourceDirs) {
    const abs = path.join(root, dir);
    if (!fs.existsSync(abs)) continue;
    for (const file of walk(abs)) {
      const rel = path.relative(root, file);
      const target = path.join(outDir, rel);
      if (isSource(file)) {
        jobs.push(
          transformFile(file, { ...options, filename: file, sourceFileName: path.relative(path.dirname(target), file) }).then(
            ({ code, map }) => {
              const js = target.replace(/\.ts$/, '.js');
              fs.mkdirSync(path.dirname(js), { recursive: true });
              fs.writeFileSync(js, `${code}\n//# sourceMappingURL=${path.basename(js)}.map\n`);
              if (map) fs.writeFileSync(`${js}.map`, map);
            },
          ),
        );
      } else if (/\.(json|txt|csv|sql|tsv)$/.test(file)) {
        // Data files kept beside the code (dictionaries, taxonomies) travel with it.
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(file, target);
      }
    }
  }
  await Promise.all(jobs);
  process.stdout.write(`built ${jobs.length} files into dist/\n`);
}

main().catch((err) => {
  process.stderr.write(`build failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
