#!/usr/bin/env node
'use strict';
// Builds what Node-RED loads into nodes/ (git-ignored):
//   nodes/<type>.js            -> a one-line entry that requires the compiled src/<platform>/<type>/<type>.ts
//   nodes/<type>.html          -> the bundled editor module src/<platform>/<type>/<type>.editor.ts (its
//                                 NodeEditor, registered by IotFleet) + the template rendered from it
//   resources/iot-fleet-editor.js -> the shared editor code (src/editor-common/common.ts), served once
//   nodes/locales/<lang>/      -> <type>.json (catalog, with locales/<lang>/common.json under "common")
//                                 and <type>.html (help), from locales/<lang>/
//   nodes/icons/               -> icons/*.svg
// Flags: --skip-runtime (the runtime was just compiled by tsc-watch in `npm run dev`: compile only the
// editor code and assemble), --loose (keep going
// after type errors, for working on one platform while another is half-written).
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'nodes');
const args = new Set(process.argv.slice(2));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const types = Object.keys(pkg['node-red'].nodes);
let failed = false;

function tsc(project) {
  const bin = require.resolve('typescript/bin/tsc');
  try {
    execFileSync(process.execPath, [bin, '-p', path.join(root, project)], { stdio: 'inherit', cwd: root });
  } catch {
    failed = true;
    if (!args.has('--loose')) process.exit(1);
  }
}

/** The platform folder of a node type: src/<platform>/<type>/ holds its runtime <type>.ts and editor <type>.editor.ts. */
function platformOf(type) {
  for (const dir of fs.readdirSync(path.join(root, 'src'))) {
    if (fs.existsSync(path.join(root, 'src', dir, type, `${type}.ts`))) return dir;
  }
  throw new Error(`no src/<platform>/${type}/${type}.ts for node type ${type}`);
}

function read(file) {
  return fs.readFileSync(file, 'utf8');
}

/**
 * The input rule (locales/<lang>/input-rule.html, one text for every node) in the help of a node
 * that takes input: at `<!-- iotf:input-rule -->`, else before the help's last heading (References),
 * so a node type added later documents it too. `<!-- iotf:no-input-rule -->` opts out (a node whose
 * msg.payload is not request fields, e.g. a raw request body).
 */
/**
 * Text shared by several helps, written once: `<!-- iotf:include NAME -->` in a help is replaced by
 * locales/<lang>/NAME.html (without its <script> wrapper). A missing file fails the build.
 */
function withIncludes(help, lang) {
  return help.replace(/^[ \t]*<!-- iotf:include ([a-z0-9-]+) -->\n?/gm, (_, name) => {
    const file = path.join(root, 'locales', lang, `${name}.html`);
    if (!fs.existsSync(file)) throw new Error(`build: locales/${lang}/${name}.html (included by a help) is missing`);
    return read(file).replace(/^\s*<script[^>]*>\n?/, '').replace(/<\/script>\s*$/, '');
  });
}

function withInputRule(help, lang, takesInput) {
  const file = path.join(root, 'locales', lang, 'input-rule.html');
  const marker = /^[ \t]*<!-- iotf:input-rule -->\n?/m;
  if (!takesInput || !fs.existsSync(file) || help.includes('<!-- iotf:no-input-rule -->')) return help.replace(marker, '');
  const rule = read(file).replace(/^\s*<script[^>]*>\n?/, '').replace(/<\/script>\s*$/, '');
  if (marker.test(help)) return help.replace(marker, () => rule);
  const last = help.lastIndexOf('<h3>');
  return last < 0 ? help.replace(/<\/script>\s*$/, () => rule + '</script>\n') : help.slice(0, last) + rule.trimStart() + '  ' + help.slice(last);
}

if (!args.has('--skip-runtime')) {
  fs.rmSync(out, { recursive: true, force: true });
  tsc('tsconfig.json');
}
tsc('tsconfig.editor.json'); // type check only: esbuild bundles below

// The editor (issue 14): each node's src/<platform>/<type>/<type>.editor.ts exports its NodeEditor
// (src/editor-common/spec.ts), importing the runtime's operation tables and enums. esbuild bundles
//   resources/iot-fleet-editor.js  <- src/editor-common/common.ts (IotFleet, served once by Node-RED
//                                     at resources/<package>/..., loaded by every node's .html)
//   nodes/<type>.html              <- IotFleet.register(<the node's spec>) + the template rendered from it
const esbuild = require('esbuild');
const editorBuild = path.join(root, 'build', 'editor');
const resources = path.join(root, 'resources');
const RESOURCE = 'iot-fleet-editor.js';
fs.rmSync(editorBuild, { recursive: true, force: true });
fs.mkdirSync(editorBuild, { recursive: true });
fs.rmSync(resources, { recursive: true, force: true });
const browser = { bundle: true, format: 'iife', target: 'es2017', platform: 'browser', charset: 'utf8', legalComments: 'none', logLevel: 'error' };
esbuild.buildSync({ ...browser, entryPoints: [path.join(root, 'src', 'editor-common', 'common.ts')], outfile: path.join(resources, RESOURCE) });

function editorModule(type) {
  const file = path.join(root, 'src', platformOf(type), type, `${type}.editor.ts`);
  if (!fs.existsSync(file)) throw new Error(`no editor module ${path.relative(root, file)} for node type ${type}`);
  return file;
}
const rel = (file) => './' + path.relative(editorBuild, file).split(path.sep).join('/').replace(/\.ts$/, '');
// Node side: every spec and the template renderer in one bundle, to render and check the templates.
fs.writeFileSync(
  path.join(editorBuild, 'specs.ts'),
  [
    `export { renderTemplate, checkSpec } from '${rel(path.join(root, 'src', 'editor-common', 'template.ts'))}';`,
    `export { allProps, paletteOf, EDITOR_FUNCTIONS } from '${rel(path.join(root, 'src', 'editor-common', 'spec.ts'))}';`,
    'export const specs = {', ...types.map((t) => `  '${t}': require('${rel(editorModule(t))}').default,`), '};', ''].join('\n'),
);
esbuild.buildSync({ bundle: true, format: 'cjs', platform: 'node', target: 'node20', logLevel: 'error', entryPoints: [path.join(editorBuild, 'specs.ts')], outfile: path.join(editorBuild, 'specs.js') });
const { specs, renderTemplate, checkSpec, allProps, paletteOf, EDITOR_FUNCTIONS } = require(path.join(editorBuild, 'specs.js'));
const problems = [];
for (const type of types) {
  const spec = specs[type];
  if (!spec || spec.type !== type) problems.push(`${path.relative(root, editorModule(type))}: exports no NodeEditor of type ${type}`);
  else problems.push(...checkSpec(spec));
}
if (problems.length) {
  console.error('build: editor specs:\n  ' + problems.join('\n  '));
  process.exit(1);
}

const langs = fs.readdirSync(path.join(root, 'locales'));

/**
 * The editor script of a node: RED.nodes.registerType with its type and an object literal whose
 * keys are written out (the palette as literals, each property by name), the values taken from
 * IotFleet.definition(spec). Node-RED gets the same definition IotFleet.register would give it;
 * tools that read the .html without running it (node-red-dev validate) find the node's definition.
 */
function editorEntry(type, spec) {
  const J = JSON.stringify;
  const props = Object.entries(allProps(spec));
  const named = (obj, names) =>
    `{ ${names.map((n) => (/^[A-Za-z_$][\w$]*$/.test(n) ? `${n}: d.${obj}.${n}` : `${J(n)}: d.${obj}[${J(n)}]`)).join(', ')} }`;
  const lines = [
    ...Object.entries(paletteOf(spec)).map(([k, v]) => `  ${k}: ${J(v)},`),
    `  defaults: ${named('defaults', props.filter(([, p]) => !p.credential).map(([n]) => n))},`,
    ...(props.some(([, p]) => p.credential) ? [`  credentials: ${named('credentials', props.filter(([, p]) => p.credential).map(([n]) => n))},`] : []),
    ...EDITOR_FUNCTIONS.map((k) => `  ${k}: d.${k},`),
  ];
  return [
    `import spec from '${rel(editorModule(type))}';`,
    'declare const RED: any;',
    'const d = (window as any).IotFleet.definition(spec);',
    `RED.nodes.registerType(${J(type)}, {`,
    ...lines,
    '});',
    '',
  ].join('\n');
}

for (const type of types) {
  const platform = platformOf(type);
  fs.writeFileSync(path.join(out, `${type}.js`), `'use strict';\nmodule.exports = require('./${platform}/${type}/${type}.js');\n`);

  const spec = specs[type];
  const entry = path.join(editorBuild, `${type}.entry.ts`);
  fs.writeFileSync(entry, editorEntry(type, spec));
  const editorJs = esbuild.buildSync({ ...browser, entryPoints: [entry], write: false }).outputFiles[0].text;
  const html = [
    `<!-- ${type}: generated by scripts/build.js from src/${platform}/${type}/${type}.editor.ts -->`,
    `<script type="text/javascript" src="resources/${pkg.name}/${RESOURCE}"></script>`,
    '<script type="text/javascript">',
    editorJs.trim(),
    '</script>',
    renderTemplate(spec),
    '',
  ].join('\n');
  fs.writeFileSync(path.join(out, `${type}.html`), html);

  const takesInput = !spec.category && (spec.inputs ?? 1) > 0;
  for (const lang of langs) {
    const src = path.join(root, 'locales', lang);
    const dst = path.join(out, 'locales', lang);
    fs.mkdirSync(dst, { recursive: true });
    const catalogFile = path.join(src, `${type}.json`);
    if (fs.existsSync(catalogFile)) {
      const catalog = JSON.parse(read(catalogFile));
      const commonFile = path.join(src, 'common.json');
      if (fs.existsSync(commonFile)) catalog.common = JSON.parse(read(commonFile));
      fs.writeFileSync(path.join(dst, `${type}.json`), JSON.stringify(catalog, null, 2));
    }
    const help = path.join(src, `${type}.html`);
    if (fs.existsSync(help)) fs.writeFileSync(path.join(dst, `${type}.html`), withInputRule(withIncludes(read(help), lang), lang, takesInput));
  }
}

fs.mkdirSync(path.join(out, 'icons'), { recursive: true });
for (const icon of fs.readdirSync(path.join(root, 'icons'))) {
  fs.copyFileSync(path.join(root, 'icons', icon), path.join(out, 'icons', icon));
}

if (failed) {
  console.error('build: type errors (see above); files were written because of --loose');
  process.exit(1);
}
console.log(`build: ${types.length} node types -> nodes/`);
