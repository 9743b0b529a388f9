// Bundles src/plotly-custom.js into one minified IIFE that defines window.Plotly,
// with the settings of plotly.js's own esbuild-config.js that matter for map traces.
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const [outfile] = process.argv.slice(2);
if (!outfile) throw new Error('usage: node build.mjs OUTFILE');
const TRACES = 'scatter,scattermap,choroplethmap,bar';  // keep in line with src/plotly-custom.js
const { version } = createRequire(import.meta.url)('plotly.js/package.json');

// plotly.js `require`s maplibre-gl.css for map subplots: inject it as a <style> like plotly's own build.
const inlineCss = {
    name: 'inline-css',
    setup(b) {
        b.onLoad({ filter: /\.css$/ }, async ({ path }) => {
            const css = JSON.stringify(await readFile(path, 'utf8'));
            const js = `var s=document.createElement('style');s.textContent=${css};document.head.appendChild(s);`;
            return { contents: js, loader: 'js' };
        });
    },
};

await build({
    entryPoints: ['src/plotly-custom.js'],
    outfile,
    format: 'iife',
    globalName: 'Plotly',
    bundle: true,
    minify: true,
    legalComments: 'eof',
    // First line: the Python side checks it against plotly.py's plotly.js version before using the bundle.
    banner: { js: `/* plotly.js v${version} (custom: ${TRACES}) */` },
    target: 'es2016',
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    plugins: [inlineCss],
    logLevel: 'warning',
});

// Compressed once here at the highest levels, so the server never compresses 3 MB per request on
// our 2 cores: brotli (~0.68 MB) for browsers that offer it, gzip (~0.92 MB) for the others.
const bundle = await readFile(outfile);
await writeFile(`${outfile}.gz`, gzipSync(bundle, { level: 9 }));
const brotli = { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bundle.length };
await writeFile(`${outfile}.br`, brotliCompressSync(bundle, { params: brotli }));
