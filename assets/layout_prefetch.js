/* Starts the page's layout request at the top of the page and hands it to dash-renderer.
 *
 * Why: dash-renderer asks for the layout (`_dash-layout`, which carries the first map) only once
 * every script of the page has been downloaded and run, about 1.5 s after the page arrived; the
 * server then needs a few hundred ms to build the map. Loaded from the page's <head>
 * (web/dash_app.py), this file sends the same request (same URL, credentials and headers as
 * dash-renderer's own GET, so the server answers it alike and the Referer is the page's URL) while
 * the scripts are still loading, and gives its answer to dash-renderer's first layout request.
 * Every other request, and any later layout request, goes to the network as before.
 */
(function () {
  const layoutUrl = document.currentScript && document.currentScript.dataset.layoutUrl;
  if (!layoutUrl) { return; } /* not in a page's <head> (a test app sending the whole folder) */
  const headers = { Accept: "application/json", "Content-Type": "application/json" };
  let early = fetch(layoutUrl, { method: "GET", credentials: "same-origin", headers: headers });
  early.catch(function () {}); /* a failure reaches dash-renderer with the promise, which reports it */
  const networkFetch = window.fetch;

  window.fetch = function (input, init) {
    const method = (init && init.method) || "GET";
    if (early && input === layoutUrl && method === "GET") {
      const answer = early;
      early = null;
      return answer;
    }
    return networkFetch.apply(this, arguments);
  };
})();
