// One SWC configuration for the build (scripts/build.js) and for Jest, so tests run the code the
// way production compiles it: CommonJS, legacy decorators with emitted metadata (Nest and TypeORM
// read `design:type`), class names kept (TypeORM and Nest use them as identifiers).
'use strict';
const path = require('node:path');

/** @param {{ rewritePaths?: boolean }} [opts] */
function swcOptions(opts = {}) {
  return {
    $schema: 'https://swc.rs/schema.json',
    sourceMaps: true,
    jsc: {
      parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2023',
      keepClassNames: true,
      ...(opts.rewritePaths
        ? { baseUrl: path.resolve(__dirname), paths: { '@techbridge/*': ['./libs/*/src/index.ts'] } }
        : {}),
    },
    module: { type: 'commonjs', strict: false, noInterop: false },
  };
}

module.exports = { swcOptions };
