// The dashboard's plotly.js: core (scatter included) + only the trace types we draw.
// Keeps the first map within its 1.5 MB budget; the full plotly.min.js is ~1.4 MB gzipped alone.
'use strict';

// The one part of dash's @babel/polyfill that dash-renderer and the component bundles use: the
// `regeneratorRuntime` global of their transpiled async code. This bundle loads before them, so
// the pages leave the 97 KB polyfill out (web/plotly_bundle.py; ~80 ms of the first map's script
// time), the rest of it being what every browser we serve has built in.
require('regenerator-runtime/runtime');

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/scattermap'),
    require('plotly.js/lib/choroplethmap'),
    require('plotly.js/lib/bar'),
]);

module.exports = Plotly;
