// Builds the browser bundle: src/editor/main.js → dist/editor.js (IIFE, minified, no source
// map) and dist/editor.LICENSES.txt (the licences of every bundled package). The output is
// deterministic: the same sources and lockfile give the same bytes.
//   node build.mjs          write dist/
//   node build.mjs --check  build in memory and fail if dist/ differs (CI)
import * as esbuild from 'esbuild';
import { readFileSync, writeFileSync, mkdirSync, existsSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const check = process.argv.includes('--check');

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: { editor: 'src/editor/main.js', translate: 'src/translate/main.js', localtime: 'src/localtime.js', reviews: 'src/reviews/main.js' },
  bundle: true,
  format: 'iife',
  minify: true,
  target: ['es2020'],
  legalComments: 'none',
  sourcemap: false,
  metafile: true,
  write: false,
  outdir: 'dist',
  logLevel: 'warning',
});

// Licences of the bundled packages, sorted by name so the file is stable.
function licenses(metafile) {
  const pkgs = new Map();
  const out = Object.entries(metafile.outputs).find(([k]) => k.endsWith('editor.js'))[1];
  for (const [input, info] of Object.entries(out.inputs)) {
    if (info.bytesInOutput === 0) continue; // imported but tree-shaken away
    const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
    if (m) pkgs.set(m[1], join(here, 'node_modules', m[1]));
  }
  const parts = [];
  for (const name of [...pkgs.keys()].sort()) {
    const dir = pkgs.get(name);
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const file = readdirSync(dir).find((f) => /^licen[cs]e/i.test(f));
    const text = file ? readFileSync(join(dir, file), 'utf8').trim() : `License: ${meta.license}`;
    parts.push(`${name}@${meta.version} (${meta.license})\n\n${text}\n`);
  }
  return 'Third-party software bundled in editor.js\n\n' + parts.join('\n' + '-'.repeat(72) + '\n\n');
}

const outputs = new Map();
for (const f of result.outputFiles) outputs.set(join(dist, f.path.split('/').pop()), Buffer.from(f.contents));
outputs.set(join(dist, 'editor.LICENSES.txt'), Buffer.from(licenses(result.metafile)));

if (check) {
  let bad = 0;
  for (const [path, bytes] of outputs) {
    if (!existsSync(path) || !readFileSync(path).equals(bytes)) {
      console.error(`out of date: ${path.slice(here.length + 1)} (run npm run build and commit dist/)`);
      bad++;
    }
  }
  if (bad) process.exit(1);
  console.log('dist/ is up to date');
} else {
  mkdirSync(dist, { recursive: true });
  for (const [path, bytes] of outputs) writeFileSync(path, bytes);
  const js = outputs.get(join(dist, 'editor.js'));
  console.log(`dist/editor.js ${js.length} bytes, ${gzipSync(js, { level: 9 }).length} gzipped`);
}
