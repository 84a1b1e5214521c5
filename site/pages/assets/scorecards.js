/* AI Transparency Scorecards: sortable and filterable tables, copy buttons, compare page.
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
          (!wanted.modality || (" " + row.getAttribute("data-modality") + " ").indexOf(" " + wanted.modality + " ") >= 0) &&
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

  var STATUS = {
    "disclosed": ["\u25CF", "Disclosed"], "partial": ["\u25D0", "Partially disclosed"],
    "not-disclosed": ["\u25CB", "Not disclosed"], "not-assessed": ["\u2013", "Not assessed"]
  };

  function fetchJson(url) {
    return fetch(url).then(function (r) { if (!r.ok) throw new Error(url + ": " + r.status); return r.json(); });
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  function shownScore(a) {
    // an incomplete assessment has a range, not a score: unassessed indicators earning nothing, or full credit
    if (a.complete) return Math.round(a.total) + " / 100";
    return Math.round(a.lower) + "–" + Math.round(a.upper) + " / 100, not ranked (" + a.assessed + " of " +
      a.indicator_count + " assessed)";
  }

  function latestAssessment(record, rubricId) {
    var mine = record.assessments.filter(function (a) { return a.rubric === rubricId; });
    return mine.length ? mine[mine.length - 1] : null;
  }

  function setupCompare(form) {
    var root = form.getAttribute("data-root") || "";
    var selects = form.querySelectorAll("[data-sc-compare-select]");
    var status = document.querySelector("[data-sc-compare-status]");
    var table = document.querySelector("[data-sc-compare-table]");
    var params = new URLSearchParams(window.location.search);
    var chosen = (params.get("models") || "").split(",").filter(Boolean).slice(0, 4);
    Promise.all([fetchJson(root + "data/index.json"), fetchJson(root + "data/rubric.json")]).then(function (loaded) {
      var index = loaded[0], rubric = loaded[1];
      var known = {};
      index.forEach(function (m) { known[m.id] = m; });
      selects.forEach(function (select, i) {
        index.forEach(function (m) {
          var option = el("option", m.name + " (" + m.developer + ")");
          option.value = m.id;
          select.appendChild(option);
        });
        if (chosen[i] && known[chosen[i]]) select.value = chosen[i];
        select.addEventListener("change", function () { update(rubric); });
      });
      update(rubric, true);
    }).catch(function (error) { status.textContent = "Could not load the data: " + error.message; });

    var generation = 0;  // only the latest choice may draw the table, whatever order responses arrive in

    function update(rubric, initial) {
      var mine = ++generation;
      var ids = [];
      selects.forEach(function (s) { if (s.value && ids.indexOf(s.value) < 0) ids.push(s.value); });
      if (!initial) {
        var url = new URL(window.location.href);
        if (ids.length) url.searchParams.set("models", ids.join(",")); else url.searchParams.delete("models");
        window.history.replaceState(null, "", url.toString());
      }
      if (ids.length < 2) { table.hidden = true; status.textContent = "Choose at least two models."; return; }
      status.textContent = "Loading…";
      Promise.all(ids.map(function (id) { return fetchJson(root + "data/models/" + encodeURIComponent(id) + ".json"); }))
        .then(function (records) { if (mine === generation) render(rubric, records); })
        .catch(function (error) { if (mine === generation) status.textContent = "Could not load a model: " + error.message; });
    }

    function render(rubric, records) {
      var head = table.tHead, body = table.tBodies[0];
      head.textContent = ""; body.textContent = "";
      var row = document.createElement("tr");
      row.appendChild(el("th", "Indicator")).setAttribute("scope", "col");
      var latest = records.map(function (r) { return latestAssessment(r, rubric.id); });
      records.forEach(function (r) {
        var th = el("th"); th.setAttribute("scope", "col");
        var a = el("a", r.subject.name); a.href = root + "models/" + encodeURIComponent(r.id) + "/";
        th.appendChild(a); row.appendChild(th);
      });
      head.appendChild(row);
      var totals = document.createElement("tr");
      totals.appendChild(el("th", "Total score")).setAttribute("scope", "row");
      latest.forEach(function (a) { totals.appendChild(el("td", a ? shownScore(a) : "not rated")); });
      body.appendChild(totals);
      rubric.domains.forEach(function (domain) {
        var group = document.createElement("tr");
        var cell = el("th", domain.name); cell.setAttribute("scope", "rowgroup"); cell.colSpan = records.length + 1;
        group.appendChild(cell); body.appendChild(group);
        rubric.indicators.filter(function (i) { return i.domain === domain.id; }).forEach(function (indicator) {
          var tr = document.createElement("tr");
          var th = el("th"); th.setAttribute("scope", "row");
          var link = el("a", indicator.name); link.href = root + "indicators/" + encodeURIComponent(indicator.id) + "/";
          th.appendChild(link); tr.appendChild(th);
          latest.forEach(function (a, k) {
            var claim = a && a.indicators[indicator.id];
            var value = claim ? claim.status : "not-assessed";
            var td = el("td", null, "sc-status sc-status--" + value);
            var shown = STATUS[value] || [value, value];
            var mark = el("span", shown[0]); mark.setAttribute("aria-hidden", "true");
            td.appendChild(mark); td.appendChild(document.createTextNode(" " + shown[1]));
            if (claim && claim.evidence_count) {
              var ev = el("a", " (" + claim.evidence_count + " source" + (claim.evidence_count > 1 ? "s" : "") + ")");
              ev.href = root + "models/" + encodeURIComponent(records[k].id) + "/#i-" + encodeURIComponent(indicator.id);
              td.appendChild(ev);
            }
            tr.appendChild(td);
          });
          body.appendChild(tr);
        });
      });
      table.hidden = false;
      status.textContent = "Comparing " + records.length + " models.";
    }
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
    document.querySelectorAll("[data-sc-compare]").forEach(setupCompare);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
