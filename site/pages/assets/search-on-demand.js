/* Load the search index when the reader reaches for search, not on every page.
   The theme requests search/search_index.json as each page loads; with every claim's quotes in it, that is
   ~500 KB gzipped and a long parse on the main thread for every first page view, searched or not (issue 17's
   phone benchmark: the rankings page went from 2.5 s to 5.1 s to interactive). This script runs before the
   theme's, holds that one request back, and sends it on the first sign of a search: the search box focused,
   its button or a search shortcut pressed, or an address that carries a query. */
(function () {
  "use strict";
  var open = XMLHttpRequest.prototype.open, send = XMLHttpRequest.prototype.send;
  var held = [], wanted = /[?&]q=/.test(location.search);

  XMLHttpRequest.prototype.open = function (method, url) {
    this.__scIndex = /(^|\/)search\/search_index\.json$/.test(String(url).split("?")[0]);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.__scIndex && !wanted) { held.push([this, arguments]); return; }
    return send.apply(this, arguments);
  };

  function want() {
    if (wanted) return;
    wanted = true;
    held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
  }
  document.addEventListener("focusin", function (event) {
    if (event.target.classList && event.target.classList.contains("md-search__input")) want();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("label[for='__search']")) want();
  }, true);
  document.addEventListener("keydown", function (event) {  // the theme opens search on f, s and /
    if (!event.ctrlKey && !event.metaKey && !event.altKey && /^[fs/]$/i.test(event.key)) want();
  }, true);
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search" && event.target.checked) want();
  }, true);
})();
