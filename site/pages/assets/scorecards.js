/* AI Transparency Scorecards: sortable and filterable tables, copy buttons (the compare page is compare.js).
   Plain JavaScript, no library, no network besides this site's own data files.
   Data is only ever inserted with textContent, never as HTML. */
(function () {
  "use strict";

  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) return "";
    return cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
  }

  function makeSortable(table) {
    var headers = table.querySelectorAll("thead th[data-sort]");
    headers.forEach(function (th, index) {
      var button = th.querySelector("button");
      if (!button) return;
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var numeric = th.getAttribute("data-sort") === "number";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index), y = cellValue(b, index);
          var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y, undefined, { sensitivity: "base" });
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function makeFilterable(container) {
    var tables = document.querySelectorAll("table[data-sc-sortable]");  // the ranked table and the unranked one
    if (!tables.length) return;
    var controls = container.querySelectorAll("[data-sc-filter]");
    var count = container.querySelector("[data-sc-count]");
    function apply() {
      var wanted = {};
      controls.forEach(function (c) {
        var value = c.value.toLowerCase();
        wanted[c.getAttribute("data-sc-filter")] = c.tagName === "INPUT" ? value.trim() : value;
      });
      var shown = 0;
      var rows = [];
      tables.forEach(function (table) { rows = rows.concat(Array.prototype.slice.call(table.tBodies[0].rows)); });
      rows = rows.filter(function (row) { return !row.hasAttribute("data-sc-placeholder"); });  // "no model yet"
      rows.forEach(function (row) {
        var ok = (!wanted.developer || (row.getAttribute("data-developer") || "").toLowerCase() === wanted.developer) &&
          (!wanted.access || row.getAttribute("data-access") === wanted.access) &&
          (!wanted.modality || (" " + (row.getAttribute("data-modality") || "") + " ").indexOf(" " + wanted.modality + " ") >= 0) &&
          (!wanted.text || row.textContent.toLowerCase().indexOf(wanted.text) >= 0);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      var noun = (count && count.getAttribute("data-sc-noun")) || "model";  // "developer" where rows are developers
      if (count) count.textContent = shown + " " + noun + (shown === 1 ? "" : "s");
    }
    controls.forEach(function (c) { c.addEventListener("input", apply); c.addEventListener("change", apply); });
  }

  function makeCopyButtons() {
    document.querySelectorAll("[data-sc-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var input = document.getElementById(button.getAttribute("data-sc-copy"));
        if (!input) return;
        input.select();
        var done = function () { button.textContent = "Copied"; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(input.value).then(done, function () { document.execCommand("copy"); done(); });
        } else { document.execCommand("copy"); done(); }
      });
    });
  }

  function absoluteBadgeSnippets() {
    document.querySelectorAll("input[data-sc-snippet]").forEach(function (input) {
      var badge = new URL(input.getAttribute("data-badge"), window.location.href).href;
      var page = new URL(input.getAttribute("data-page"), window.location.href).href;
      input.value = "[![Transparency score](" + badge + ")](" + page + ")";
    });
  }

  function init() {
    absoluteBadgeSnippets();
    document.querySelectorAll("table[data-sc-sortable]").forEach(makeSortable);
    document.querySelectorAll("[data-sc-filters]").forEach(makeFilterable);
    makeCopyButtons();
    // Choosing a rubric does nothing until the button is pressed (WCAG 3.2.2): arrow keys only move the choice.
    // Without JavaScript the form stays hidden and the list of rankings' links does its job.
    document.querySelectorAll("form[data-sc-rubric-form]").forEach(function (form) {
      var select = form.querySelector("select[data-sc-rubric]");
      form.hidden = false;
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        if (select) window.location.href = select.value;
      });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
