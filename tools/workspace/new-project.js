#!/usr/bin/env node
// Scaffolds a lib or app with the workspace conventions, so every project has the same
// build/test/lint/typecheck anatomy and a `@vidsim/<name>` path alias.
// Usage: node tools/workspace/new-project.js lib|app <name> --scope <scope> [--description "..."]
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '../..');
const [kind, name, ...rest] = process.argv.slice(2);
const flag = (k, d) => {
  const i = rest.indexOf(`--${k}`);
  return i >= 0 ? rest[i + 1] : d;
};
if (!['lib', 'app'].includes(kind) || !/^[a-z][a-z0-9-]*$/.test(name || '')) {
  console.error('usage: new-project.js lib|app <kebab-name> --scope <scope> [--description "..."]');
  process.exit(2);
}
const scope = flag('scope', name);
const description = flag('description', `vidsim ${name}`);
const dir = path.join(root, kind === 'lib' ? 'libs' : 'apps', name);
if (fs.existsSync(dir)) {
  console.error(`${dir} already exists`);
  process.exit(2);
}
const rel = path.relative(dir, root).split(path.sep).join('/');
const write = (f, s) => {
  fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
  fs.writeFileSync(path.join(dir, f), s);
};
const json = (o) => JSON.stringify(o, null, 2) + '\n';

write(
  'package.json',
  json({
    name: `@vidsim/${name}`,
    version: '0.1.0',
    description,
    license: 'Apache-2.0',
    ...(kind === 'app'
      ? { private: true }
      : {
          main: 'dist/index.js',
          types: 'dist/index.d.ts',
          exports: {
            '.': { types: './dist/index.d.ts', default: './dist/index.js' },
            './package.json': './package.json',
          },
          files: ['dist', 'README.md'],
        }),
    dependencies: {},
  }),
);
write(
  'project.json',
  json({
    $schema: `${rel}/node_modules/nx/schemas/project-schema.json`,
    name,
    sourceRoot: `${kind === 'lib' ? 'libs' : 'apps'}/${name}/src`,
    projectType: kind === 'lib' ? 'library' : 'application',
    tags: [`type:${kind}`, `scope:${scope}`],
    // Apps run from source with tsx; only libs are built into packages.
    targets: kind === 'lib' ? { build: {}, test: {}, lint: {}, typecheck: {} } : { test: {}, lint: {}, typecheck: {} },
  }),
);
write(
  'tsconfig.json',
  json({
    extends: `${rel}/tsconfig.base.json`,
    compilerOptions: { types: ['node', 'jest'] },
    include: ['src/**/*.ts'],
  }),
);
if (kind === 'lib')
  write(
    'tsconfig.lib.json',
    json({
      extends: './tsconfig.json',
      // Built packages resolve siblings through node_modules (their dist .d.ts), never through source paths.
      compilerOptions: {
        outDir: 'dist',
        rootDir: 'src',
        types: ['node'],
        paths: {},
        tsBuildInfoFile: 'dist/.tsbuildinfo',
      },
      exclude: ['src/**/*.spec.ts', 'src/**/testing/**'],
    }),
  );
write(
  'jest.config.js',
  `module.exports = { ...require('${rel}/jest.preset.js'), displayName: '${name}', rootDir: __dirname };\n`,
);
write(kind === 'lib' ? 'src/index.ts' : 'src/main.ts', `export {};\n`);
write('README.md', `# @vidsim/${name}\n\n${description}\n`);

if (kind === 'app') {
  console.log(`created ${path.relative(root, dir)}`);
  process.exit(0);
}
const basePath = path.join(root, 'tsconfig.base.json');
const base = JSON.parse(fs.readFileSync(basePath, 'utf8'));
base.compilerOptions.paths[`@vidsim/${name}`] = [`${kind === 'lib' ? 'libs' : 'apps'}/${name}/src/index.ts`];
base.compilerOptions.paths = Object.fromEntries(Object.entries(base.compilerOptions.paths).sort());
fs.writeFileSync(basePath, json(base));
// CI checks formatting: leave what was written as prettier would
require('child_process').execFileSync('npx', ['prettier', '--write', '--log-level', 'warn', basePath, dir], {
  cwd: root,
  stdio: 'inherit',
});
console.log(`created ${path.relative(root, dir)}`);
