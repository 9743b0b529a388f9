// The dashboard's plotly.js: core (scatter included) + only the trace types we draw.
// Keeps the first map within its 1.5 MB budget; the full plotly.min.js is ~1.4 MB gzipped alone.
'use strict';

var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/scattermap'),
    require('plotly.js/lib/choroplethmap'),
    require('plotly.js/lib/bar'),
]);

module.exports = Plotly;
