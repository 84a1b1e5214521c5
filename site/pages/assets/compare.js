/* AI Transparency Scorecards: the compare page.
   A rubric version is chosen first (data/compare.json lists those with rated models), then up to four
   models rated under it, picked from the selects or found by name with the finder (a combobox that
   highlights the best match).  The address keeps the rubric and the models (?rubric=id/version&models=a,b).
   Data is only ever inserted with textContent, never as HTML. */
(function () {
  "use strict";

  var STATUS = {
    "disclosed": ["\u25CF", "Disclosed"], "partial": ["\u25D0", "Partially disclosed"],
    "not-disclosed": ["\u25CB", "Not disclosed"], "not-assessed": ["\u2013", "Not assessed"]
  };
  var SLOTS = 4, SHOWN_MATCHES = 8;

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

  function latestAssessment(record, version) {
    var mine = record.assessments.filter(function (a) {
      return a.rubric === version.id && a.rubric_version === version.version;
    });
    return mine.length ? mine[mine.length - 1] : null;
  }

  // How well a model matches what was typed: lower is better, null is no match.  A name that starts with
  // the text beats a word of the name that does, which beats the developer's name, which beats the text
  // anywhere; among equals a complete (ranked) assessment comes before an incomplete one, then the shorter name.
  function matchRank(model, text) {
    var name = model.name.toLowerCase(), developer = model.developer.toLowerCase();
    var words = name.split(/[^a-z0-9.]+/);
    var rank = name.indexOf(text) === 0 ? 0 : words.some(function (w) { return w.indexOf(text) === 0; }) ? 1 :
      developer.indexOf(text) === 0 ? 2 : name.indexOf(text) >= 0 ? 3 : developer.indexOf(text) >= 0 ? 4 : null;
    return rank === null ? null : [rank, model.complete ? 0 : 1, name.length, name];
  }

  function byRank(a, b) {
    for (var i = 0; i < a.rank.length; i++) {
      if (a.rank[i] < b.rank[i]) return -1;
      if (a.rank[i] > b.rank[i]) return 1;
    }
    return 0;
  }

  function bestMatches(models, typed) {
    var text = typed.trim().toLowerCase();
    if (!text) return [];
    return models.map(function (m) { return { model: m, rank: matchRank(m, text) }; })
      .filter(function (m) { return m.rank !== null; }).sort(byRank).slice(0, SHOWN_MATCHES)
      .map(function (m) { return m.model; });
  }

  function modelLabel(m) {
    return m.name + " (" + m.developer + ") · " + m.score + (m.complete ? "" : ", incomplete");
  }

  function setupCompare(form) {
    var root = form.getAttribute("data-root") || "";
    var rubricSelect = form.querySelector("[data-sc-compare-rubric]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("[data-sc-compare-select]"));
    var find = form.querySelector("[data-sc-compare-find]");
    var list = document.getElementById(find.getAttribute("aria-controls"));
    var note = document.querySelector("[data-sc-compare-note]");
    var status = document.querySelector("[data-sc-compare-status]");
    var table = document.querySelector("[data-sc-compare-table]");
    var params = new URLSearchParams(window.location.search);
    // the models asked for, slot by slot: kept while the rubric changes, shown where rated under it
    var wanted = (params.get("models") || "").split(",").filter(Boolean).slice(0, SLOTS);
    var versions = {}, order = [], current = null, rubrics = {}, generation = 0, matches = [], active = -1;

    form.addEventListener("submit", function (event) { event.preventDefault(); });

    fetchJson(root + "data/compare.json").then(function (data) {
      data.rubrics.forEach(function (v) {
        versions[v.key] = v; order.push(v.key);
        var option = el("option", v.label + " – " + v.models.length + (v.models.length === 1 ? " model" : " models"));
        option.value = v.key;
        rubricSelect.appendChild(option);
      });
      var asked = params.get("rubric");
      var key = asked && versions[asked] ? asked : order[0];
      rubricSelect.value = key;
      rubricSelect.addEventListener("change", function () { choose(rubricSelect.value, false); });
      selects.forEach(function (select, i) {
        select.addEventListener("change", function () { wanted[i] = select.value; update(false); });
      });
      choose(key, true, asked && !versions[asked] ? asked : null);
    }).catch(function (error) { status.textContent = "Could not load the data: " + error.message; });

    function choose(key, initial, unknownRubric) {
      current = versions[key];
      var version = current;
      var ids = {};
      version.models.forEach(function (m) { ids[m.id] = m; });
      selects.forEach(function (select, i) {
        while (select.options.length > 1) select.remove(1);
        version.models.forEach(function (m) {
          var option = el("option", modelLabel(m)); option.value = m.id; select.appendChild(option);
        });
        select.value = wanted[i] && ids[wanted[i]] ? wanted[i] : "";
      });
      explain(version, ids, unknownRubric);
      update(initial);
    }

    // Say which asked-for models are not compared, and why: no such id, or not rated under this rubric.
    function explain(version, rated, unknownRubric) {
      var missing = wanted.filter(function (id) { return id && !rated[id]; });
      var lines = [];
      if (unknownRubric) lines.push("No rubric “" + unknownRubric + "”: showing " + version.label + ".");
      if (!missing.length) { show(lines); return; }
      var known = {};
      order.forEach(function (k) { versions[k].models.forEach(function (m) { known[m.id] = m; }); });
      var unrated = missing.filter(function (id) { return known[id]; });
      var unknown = missing.filter(function (id) { return !known[id]; });
      if (unrated.length) {
        lines.push("Not rated under " + version.label + ", so not compared: " +
          unrated.map(function (id) { return known[id].name; }).join(", ") + ".");
      }
      if (!unknown.length) { show(lines); return; }
      // an id rated under no rubric may still be a model of the site: say which
      fetchJson(root + "data/index.json").then(function (index) {
        var all = {};
        index.forEach(function (m) { all[m.id] = m; });
        unknown.forEach(function (id) {
          lines.push(all[id] ? all[id].name + " is rated under no rubric, so cannot be compared." :
            "No model has the id “" + id + "” (from the address): it is left out.");
        });
        if (version === current) show(lines);
      }).catch(function () {
        lines.push("Unknown model id(s) in the address, left out: " + unknown.join(", ") + ".");
        if (version === current) show(lines);
      });
    }

    function show(lines) {
      note.textContent = lines.join(" ");
      note.hidden = !lines.length;
    }

    function update(initial) {
      var mine = ++generation;
      var version = current;
      var ids = [];
      selects.forEach(function (s) { if (s.value && ids.indexOf(s.value) < 0) ids.push(s.value); });
      if (!initial) {
        var url = new URL(window.location.href);
        url.searchParams.set("rubric", version.key);
        if (ids.length) url.searchParams.set("models", ids.join(",")); else url.searchParams.delete("models");
        window.history.replaceState(null, "", url.toString());
      }
      if (ids.length < 2) { table.hidden = true; status.textContent = "Choose at least two models."; return; }
      status.textContent = "Loading…";
      var rubric = rubrics[version.key] || fetchJson(root + "data/rubrics/" + version.key + ".json");
      rubrics[version.key] = rubric;
      Promise.all([rubric].concat(ids.map(function (id) {
        return fetchJson(root + "data/models/" + encodeURIComponent(id) + ".json");
      }))).then(function (loaded) {
        if (mine === generation) render(version, loaded[0], loaded.slice(1));
      }).catch(function (error) { if (mine === generation) status.textContent = "Could not load a model: " + error.message; });
    }

    function render(version, rubric, records) {
      var head = table.tHead, body = table.tBodies[0];
      head.textContent = ""; body.textContent = "";
      var row = document.createElement("tr");
      row.appendChild(el("th", "Indicator")).setAttribute("scope", "col");
      var latest = records.map(function (r) { return latestAssessment(r, version); });
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
          body.appendChild(indicatorRow(version, indicator, records, latest));
        });
      });
      table.hidden = false;
      status.textContent = "Comparing " + records.length + " models.";
    }

    function indicatorRow(version, indicator, records, latest) {
      var tr = document.createElement("tr");
      var th = el("th"); th.setAttribute("scope", "row");
      if (indicator.href) {  // every shipped rubric version's indicators have pages: the data says where
        var link = el("a", indicator.name); link.href = root + indicator.href;
        th.appendChild(link);
      } else th.textContent = indicator.name;
      tr.appendChild(th);
      latest.forEach(function (a, k) {
        var claim = a && a.indicators[indicator.id];
        var value = claim ? claim.status : "not-assessed";
        var td = el("td", null, "sc-status sc-status--" + value);
        var shown = STATUS[value] || [value, value];
        var mark = el("span", shown[0]); mark.setAttribute("aria-hidden", "true");
        td.appendChild(mark); td.appendChild(document.createTextNode(" " + shown[1]));
        var count = claim ? claim.evidence_count : 0;
        if (count) {
          var text = " (" + count + " source" + (count > 1 ? "s" : "") + ")";
          if (version.linked) {  // model pages show the headline rubric's rows
            var ev = el("a", text);
            ev.href = root + "models/" + encodeURIComponent(records[k].id) + "/#i-" + encodeURIComponent(indicator.id);
            td.appendChild(ev);
          } else td.appendChild(document.createTextNode(text));
        }
        tr.appendChild(td);
      });
      return tr;
    }

    // ------------------------------------------------------------ the finder (ARIA combobox with a listbox)

    function drawMatches() {
      list.textContent = "";
      matches.forEach(function (m, i) {
        var option = el("li", modelLabel(m));
        option.id = "sc-compare-match-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", i === active ? "true" : "false");
        option.addEventListener("mousedown", function (event) { event.preventDefault(); add(m); });
        list.appendChild(option);
      });
      var open = matches.length > 0;
      list.hidden = !open;
      find.setAttribute("aria-expanded", open ? "true" : "false");
      if (open && active >= 0) find.setAttribute("aria-activedescendant", "sc-compare-match-" + active);
      else find.removeAttribute("aria-activedescendant");
    }

    function close() { matches = []; active = -1; drawMatches(); }

    function add(model) {
      var values = selects.map(function (s) { return s.value; });
      if (values.indexOf(model.id) >= 0) { status.textContent = model.name + " is already compared."; close(); return; }
      var free = values.indexOf("");
      if (free < 0) { status.textContent = "Four models at most: set one to (none) first."; close(); return; }
      selects[free].value = model.id;
      wanted[free] = model.id;
      find.value = "";
      close();
      update(false);
    }

    find.addEventListener("input", function () {
      matches = current ? bestMatches(current.models, find.value) : [];
      active = matches.length ? 0 : -1;  // the best match is highlighted: Enter adds it
      drawMatches();
    });
    find.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!matches.length) return;
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        active = (active + step + matches.length) % matches.length;
        drawMatches();
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (active >= 0) add(matches[active]);
      } else if (event.key === "Escape" && matches.length) {
        event.preventDefault();
        close();
      }
    });
    find.addEventListener("blur", close);
  }

  function init() { document.querySelectorAll("[data-sc-compare]").forEach(setupCompare); }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
