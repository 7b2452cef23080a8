#!/usr/bin/env node
// Runs before `npm start` and `npm test`: on a fresh clone (or after package-lock.json changed)
// it installs the dependencies, so each README command works on its own.
'use strict';
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`TechBridge needs Node.js 20.19 or newer (this is ${process.version}).\n`);
  process.exit(1);
}

const root = path.resolve(__dirname, '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');
const stale = !fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs;
if (stale) {
  process.stdout.write('[techbridge] installing dependencies…\n');
  // `npm install` (not `npm ci`) installs the locked versions and also copes with lockfiles that
  // lack other platforms' optional native packages (npm/cli#4828).
  execSync('npm install --no-audit --no-fund', { cwd: root, stdio: 'inherit' });
}
