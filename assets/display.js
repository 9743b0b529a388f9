/* The briefing-room display's show (/display/): rotation, progress, clock, freshness and refresh
 * timing, in one timer of the browser. Dash only delivers data: `sync` hands the engine the
 * config and each completed refresh (DONE); the engine asks for a refresh by setting the REQUEST
 * store. One request at a time: the next is asked only when the previous one has succeeded or
 * has surely failed. dash-renderer (4.4) reports a network failure to no callback and leaves
 * `running` on, so while a request is pending for long the engine probes the server itself: a
 * probe that fails means the server is away and the request is lost; a probe that answers means
 * the server is just slow (wait, up to HANG_MS, rather than pile up requests). After a loss, the
 * engine probes every 10 s and asks for data again as soon as the server answers. The engine writes only attributes and texts React does not manage
 * (data-* attributes, the text of empty elements), so Dash re-renders never undo them.
 * State lives in this closure, not in globals; the page of the map loads this file too and is
 * untouched by it (nothing runs until `sync` is called by the display's callback).
 * The probe asks the display's access URL, not just /healthz: once the display's token is revoked
 * the gate answers it 401 with the message to show (Thai and English), which the engine lays over
 * the last picture; the show and the picture stay as they were underneath. */
(function () {
  "use strict";
  const ICT_OFFSET_MS = 7 * 3600 * 1000;
  const RETRY_MS = 10000;
  const HANG_MS = 120000;
  const PROBE_MS = 4000;
  const MIN_SLIDE_MS = 7000;  // a showcase slide stays long enough to read its text
  const engine = {
    timer: null, config: null, index: 0, shownAt: 0, requestN: 0, requestAt: 0,
    pending: false, probing: false, lastProbe: 0, done: null, lastOk: 0, failed: false,
    slideSlot: -1, slidesShown: 0, slide: 0,
  };

  function pad(n) { return String(n).padStart(2, "0"); }

  function ictParts(ms) {
    const d = new Date(ms + ICT_OFFSET_MS);
    return { day: d.getUTCDate(), month: d.getUTCMonth(), year: d.getUTCFullYear(),
      time: pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) };
  }

  function formatMoment(ms, config) {
    const p = ictParts(ms);
    return p.day + " " + config.months[p.month] + " " + (p.year + config.yearOffset) + " " + p.time + config.timeSuffix;
  }

  function setText(id, text) {
    const el = document.getElementById(id);
    if (el && el.textContent !== text) { el.textContent = text; }
  }

  function request(now) {
    engine.requestN += 1;
    engine.requestAt = now;
    engine.pending = true;
    window.dash_clientside.set_props("display-request", { data: { n: engine.requestN, at: now } });
  }

  function lost(n) {
    if (engine.pending && engine.requestN === n) { engine.pending = false; engine.failed = true; }
  }

  /* The gate's refusal (its `error` body) over the last picture, or none (`null`). */
  function showRefusal(error) {
    const root = document.getElementById("display-root");
    if (!root) { return; }
    if (error) {
      setText("display-refused-th", error.message_th || "");
      setText("display-refused-en", error.message || "");
      root.setAttribute("data-access", "refused");
    } else {
      root.removeAttribute("data-access");
    }
  }

  function refusalOf(response) {
    return response.json().then(function (body) { return (body && body.error) || {}; }, function () { return {}; });
  }

  /* Ask the access URL; `then(up)` runs with true when the server answers 2xx. A 401 or 403 is
   * the display's access refused: shown, and counted as down (the engine keeps probing). */
  function probe(now, then) {
    if (!engine.config || engine.probing) { return; }
    engine.probing = true;
    engine.lastProbe = now;
    window.fetch(engine.config.accessUrl, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          return refusalOf(response).then(function (error) { showRefusal(error); return false; });
        }
        if (response.ok) { showRefusal(null); }
        return response.ok;
      }, function () { return false; })
      .then(function (up) { engine.probing = false; then(up); });
  }

  function maybeRequest(now) {
    const refreshMs = engine.config ? engine.config.refreshMs : 0;
    if (engine.requestN === 0) { return request(now); }
    if (engine.pending) {
      if (now - engine.requestAt > Math.max(HANG_MS, 2 * refreshMs)) { return request(now); }  // a hung request
      if (now - engine.requestAt >= PROBE_MS && now - engine.lastProbe >= PROBE_MS) {
        const n = engine.requestN;
        probe(now, function (up) { if (!up) { lost(n); } });
      }
      return;
    }
    if (!engine.failed) {
      if (now - engine.requestAt >= refreshMs) { request(now); }
    } else if (now - engine.lastProbe >= Math.min(RETRY_MS, refreshMs)) {
      // after a failure, ask again only once the server answers: a request sent to a server still
      // starting would be lost without a trace and leave the wall waiting for HANG_MS
      probe(now, function (up) { if (up) { request(Date.now()); } });
    }
  }

  function showView(root, config) {
    const view = config.views[engine.index];
    root.querySelectorAll(".display-view").forEach(function (section) {
      section.setAttribute("data-active", section.getAttribute("data-view") === view ? "true" : "false");
    });
    const next = (engine.index + 1) % config.views.length;
    root.querySelectorAll(".display-chip").forEach(function (chip) {
      const i = Number(chip.getAttribute("data-index"));
      chip.setAttribute("data-current", i === engine.index ? "true" : "false");
      chip.setAttribute("data-next", i === next && next !== engine.index ? "true" : "false");
    });
    setText("display-next", config.nextLabel + ": " + config.labels[config.views[next]]);
    keepChipInStrip(root.querySelector(".display-chip[data-current='true']"));
    root.setAttribute("data-view", view);
  }

  /* A long playlist is wider than its one-line strip: scroll the strip (never the page) so that
   * the current view's chip is on screen. */
  function keepChipInStrip(chip) {
    const strip = chip && chip.parentElement;
    if (!strip) { return; }
    if (chip.offsetLeft < strip.scrollLeft) {
      strip.scrollLeft = chip.offsetLeft;
    } else if (chip.offsetLeft + chip.offsetWidth > strip.scrollLeft + strip.clientWidth) {
      strip.scrollLeft = chip.offsetLeft + chip.offsetWidth - strip.clientWidth;
    }
  }

  /* The slides of a view (the showcase spotlight): as many per visit as the dwell gives
   * MIN_SLIDE_MS each, continuing where the last visit stopped, so every item gets its turn. */
  function showSlides(root, config, now) {
    const section = root.querySelector(".display-view[data-active='true']");
    const slides = section ? section.querySelectorAll(".spotlight-slide") : [];
    if (!slides.length) { return; }
    const perVisit = Math.max(1, Math.min(slides.length, Math.floor(config.dwellMs / MIN_SLIDE_MS)));
    const slot = Math.min(perVisit - 1, Math.floor((now - engine.shownAt) * perVisit / config.dwellMs));
    if (slot !== engine.slideSlot) {
      engine.slideSlot = slot;
      engine.slide = engine.slidesShown;
      engine.slidesShown += 1;
    }
    const current = engine.slide % slides.length;
    slides.forEach(function (slide, i) { slide.setAttribute("data-active", i === current ? "true" : "false"); });
  }

  function tick() {
    const root = document.getElementById("display-root");
    if (!root) { return; }
    const now = Date.now();
    maybeRequest(now);
    const config = engine.config;
    if (!config) { return; }
    if (engine.shownAt === 0) { engine.shownAt = now; }  // the first view's time starts once it is drawn
    if (now - engine.shownAt >= config.dwellMs) {
      engine.index = (engine.index + 1) % config.views.length;
      engine.shownAt = now;
      engine.slideSlot = -1;
    }
    showView(root, config);
    showSlides(root, config, now);
    const progress = document.getElementById("display-progress");
    if (progress) { progress.style.width = Math.min(100, 100 * (now - engine.shownAt) / config.dwellMs).toFixed(1) + "%"; }
    setText("display-clock", formatMoment(now, config));
    const stale = !engine.lastOk || now - engine.lastOk > 2 * config.refreshMs;
    setText("display-updated", engine.lastOk ? config.updatedLabel + " " + ictParts(engine.lastOk).time : config.loadingLabel);
    root.setAttribute("data-state", stale ? "stale" : "ok");
    root.setAttribute("data-rotation", String(engine.index));
  }

  function start() {
    if (engine.timer === null) {
      engine.timer = window.setInterval(tick, 1000);
      window.setTimeout(tick, 0);
    }
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.display = {
    /* Called by Dash whenever the config, a completed refresh or the in-flight flag changes. */
    sync: function (config, done) {
      const now = Date.now();
      if (config && JSON.stringify(config) !== JSON.stringify(engine.config)) {
        const first = engine.config === null;
        engine.config = config;
        if (first || engine.index >= config.views.length) { engine.index = 0; engine.shownAt = 0; engine.slideSlot = -1; }
      }
      if (done !== null && done !== undefined && done !== engine.done) {
        engine.done = done;
        engine.lastOk = now;
        if (done === engine.requestN) { engine.pending = false; engine.failed = false; }
      }
      start();
      return { n: engine.requestN, ok: engine.lastOk };
    },
  };
})();
