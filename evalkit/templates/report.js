// evalkit report: filters, sorting, keyboard navigation and reviewer notes.
// Safety: document text is only ever read (textContent) or moved as existing
// nodes; nothing here parses HTML, so no document text can become markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var list = document.getElementById("segments");
  var rows = Array.prototype.slice.call(list.querySelectorAll("li.row"));
  var form = document.getElementById("controls");
  var $ = function (id) { return document.getElementById(id); };
  var storeKey = "evalkit-review:" + data.report_id;
  var flagsById = {};
  data.flags.forEach(function (f) { flagsById[f.id] = f; });
  var current = -1;

  // ---- reviewer state (localStorage, keyed by report id) ----
  function emptyState() { return { flags: {}, comments: {} }; }
  function loadState() {
    try {
      var s = JSON.parse(window.localStorage.getItem(storeKey) || "null");
      if (s && typeof s === "object" && s.flags && s.comments) return s;
    } catch (e) { /* storage unavailable or corrupt: start empty */ }
    return emptyState();
  }
  var state = loadState();
  function saveState() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }

  function showDecision(fid) {
    var d = state.flags[fid] ? state.flags[fid].decision : "";
    document.querySelectorAll('button.decide[data-flag="' + fid + '"]').forEach(function (b) {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-decision") === d));
    });
    var item = $("flag-" + fid);
    if (item) {
      item.classList.toggle("decided-confirmed", d === "confirmed");
      item.classList.toggle("decided-dismissed", d === "dismissed");
    }
    var st = document.querySelector('[data-state-for="' + fid + '"]');
    if (st) st.textContent = d ? d : "";
    document.querySelectorAll("mark.flag").forEach(function (m) {
      var ids = m.getAttribute("data-flags").split(" ");
      if (ids.indexOf(fid) < 0) return;
      var allDismissed = ids.every(function (i) { return state.flags[i] && state.flags[i].decision === "dismissed"; });
      m.classList.toggle("decided-dismissed", allDismissed);
    });
  }
  function decide(fid, decision) {
    var old = state.flags[fid] ? state.flags[fid].decision : "";
    if (old === decision) delete state.flags[fid];
    else state.flags[fid] = { decision: decision, at: new Date().toISOString() };
    saveState();
    showDecision(fid);
  }
  Object.keys(state.flags).forEach(showDecision);
  document.querySelectorAll("textarea[data-comment]").forEach(function (t) {
    var key = t.getAttribute("data-comment");
    if (state.comments[key]) t.value = state.comments[key].text || "";
    t.addEventListener("input", function () {
      if (t.value) state.comments[key] = { text: t.value, at: new Date().toISOString() };
      else delete state.comments[key];
      saveState();
    });
  });

  // ---- evidence panels and source links ----
  function panelOf(row) { return row.querySelector(".evidence"); }
  function setOpen(row, open) {
    var p = panelOf(row), t = row.querySelector("button.toggle");
    if (!p) return;
    p.hidden = !open;
    if (t) t.setAttribute("aria-expanded", String(open));
  }
  function clearLinks() {
    document.querySelectorAll("mark.linked").forEach(function (m) { m.classList.remove("linked"); });
    document.querySelectorAll(".flag-item.focus").forEach(function (m) { m.classList.remove("focus"); });
  }
  function showFlags(row, ids) {
    clearLinks();
    setOpen(row, true);
    ids.forEach(function (id) {
      row.querySelectorAll("mark[data-flags~='" + id + "']").forEach(function (m) { m.classList.add("linked"); });
      var item = $("flag-" + id);
      if (item) item.classList.add("focus");
    });
  }
  list.addEventListener("click", function (ev) {
    var t = ev.target;
    var row = t.closest ? t.closest("li.row") : null;
    if (!row) return;
    select(rows.indexOf(row), false);
    var mark = t.closest("mark.flag, mark.src-mark");
    if (mark) { showFlags(row, mark.getAttribute("data-flags").split(" ")); return; }
    var btn = t.closest("button");
    if (!btn) return;
    if (btn.classList.contains("toggle")) setOpen(row, btn.getAttribute("aria-expanded") !== "true");
    else if (btn.classList.contains("decide")) decide(btn.getAttribute("data-flag"), btn.getAttribute("data-decision"));
  });
  list.addEventListener("keydown", function (ev) {
    var mark = ev.target.closest && ev.target.closest("mark.flag");
    if (mark && (ev.key === "Enter" || ev.key === " ")) {
      ev.preventDefault();
      ev.stopPropagation();
      showFlags(mark.closest("li.row"), mark.getAttribute("data-flags").split(" "));
    }
  });

  // ---- filters ----
  function checked(name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]:checked'))
      .map(function (i) { return i.value; });
  }
  function allCount(name) { return form.querySelectorAll('input[name="' + name + '"]').length; }
  function num(v) { return v === "" || v === null ? null : Number(v); }
  function slug(s) { return s.toLowerCase().replace(/[^a-z0-9_-]+/g, "-"); }

  function apply() {
    var cats = checked("category"), sevs = checked("severity");
    var catActive = cats.length < allCount("category"), sevActive = sevs.length < allCount("severity");
    var onlyFlagged = $("only-flagged").checked, showAside = $("show-aside").checked;
    var sname = $("score-name").value, lo = num($("score-min").value), hi = num($("score-max").value);
    var q = $("search").value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var kind = row.getAttribute("data-kind");
      var rc = (row.getAttribute("data-cats") || "").split(" ").filter(Boolean);
      var rs = (row.getAttribute("data-sevs") || "").split(" ").filter(Boolean);
      var ok = true;
      if (!showAside && kind !== "pair" && rc.length === 0 && !(document.body.classList.contains("mode-translation-only") && kind === "tgt-only")) ok = false;
      if (onlyFlagged && rc.length === 0) ok = false;
      if ((catActive || sevActive) && ok) {
        var ids = [];
        row.querySelectorAll(".flag-item").forEach(function (i) { ids.push(i.getAttribute("data-flag")); });
        ok = ids.some(function (id) {
          var f = flagsById[id];
          return f && cats.indexOf(f.category) >= 0 && sevs.indexOf(f.severity) >= 0;
        });
      }
      if (ok && sname && (lo !== null || hi !== null)) {
        var v = row.getAttribute("data-s-" + slug(sname));
        if (v === null) ok = false;
        else {
          v = Number(v);
          if ((lo !== null && v < lo) || (hi !== null && v > hi)) ok = false;
        }
      }
      if (ok && q) {
        var text = "";
        row.querySelectorAll(".src, .tgt").forEach(function (c) { text += " " + c.textContent; });
        ok = text.toLowerCase().indexOf(q) >= 0;
      }
      row.hidden = !ok;
      if (ok) shown++;
    });
    // marks of flags the category/severity filters leave out are dimmed, not hidden
    document.querySelectorAll("mark.flag, mark.src-mark").forEach(function (m) {
      var keep = m.getAttribute("data-flags").split(" ").some(function (id) {
        var f = flagsById[id];
        return f && cats.indexOf(f.category) >= 0 && sevs.indexOf(f.severity) >= 0;
      });
      m.classList.toggle("filtered-out", !keep);
    });
    $("count").textContent = "Showing " + shown + " of " + rows.length + " rows";
  }

  function sortRows() {
    var byRisk = $("sort").value === "risk";
    var sorted = rows.slice().sort(function (a, b) {
      if (byRisk) {
        var d = Number(b.getAttribute("data-risk")) - Number(a.getAttribute("data-risk"));
        if (d !== 0) return d;
      }
      return Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order"));
    });
    sorted.forEach(function (r) { list.appendChild(r); });
    rows = sorted;
    current = -1;
  }

  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  var timer = null;
  form.addEventListener("input", function (ev) {
    if (ev.target.id === "sort") sortRows();
    if (ev.target.id === "search" || ev.target.type === "number") {
      clearTimeout(timer);  // typing: filter once the keys pause (long documents)
      timer = setTimeout(apply, 120);
      return;
    }
    apply();
  });
  form.addEventListener("change", function (ev) {
    if (ev.target.id === "sort") sortRows();
    apply();
  });
  $("reset").addEventListener("click", function () {
    form.querySelectorAll('input[type="checkbox"]').forEach(function (i) { i.checked = i.id !== "only-flagged"; });
    $("score-min").value = ""; $("score-max").value = ""; $("search").value = "";
    $("sort").value = "doc";
    sortRows();
    apply();
  });

  // ---- keyboard navigation ----
  function visible() { return rows.filter(function (r) { return !r.hidden; }); }
  function select(i, focus) {
    rows.forEach(function (r) { r.classList.remove("current"); });
    current = i;
    if (i < 0 || i >= rows.length) return;
    rows[i].classList.add("current");
    if (focus) {
      rows[i].focus({ preventScroll: true });
      rows[i].scrollIntoView({ block: "center" });
    }
  }
  function move(step) {
    var vis = visible();
    if (!vis.length) return;
    var pos = vis.indexOf(rows[current]);
    pos = pos < 0 ? (step > 0 ? 0 : vis.length - 1) : Math.max(0, Math.min(vis.length - 1, pos + step));
    select(rows.indexOf(vis[pos]), true);
  }
  document.addEventListener("keydown", function (ev) {
    var tag = ev.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (tag === "BUTTON" && (ev.key === "Enter" || ev.key === " ")) return;
    var row = rows[current];
    if (ev.key === "j") { move(1); ev.preventDefault(); }
    else if (ev.key === "k") { move(-1); ev.preventDefault(); }
    else if (ev.key === "/") { $("search").focus(); ev.preventDefault(); }
    else if (ev.key === "Enter" && row) {
      var p = panelOf(row);
      if (p) {
        var first = row.querySelector("mark.flag");
        if (p.hidden && first) showFlags(row, first.getAttribute("data-flags").split(" "));
        else setOpen(row, p.hidden);
      }
      ev.preventDefault();
    } else if ((ev.key === "c" || ev.key === "d") && row) {
      var item = row.querySelector(".flag-item");
      if (item) decide(item.getAttribute("data-flag"), ev.key === "c" ? "confirmed" : "dismissed");
    }
  });

  // ---- export of reviewer notes ----
  function records() {
    var out = [];
    data.flags.forEach(function (f) {
      var s = state.flags[f.id];
      if (s) out.push({ type: "flag", flag: f.id, bead: f.bead, category: f.category, severity: f.severity,
        span: f.span, decision: s.decision, comment: "", at: s.at });
    });
    Object.keys(state.comments).forEach(function (key) {
      var c = state.comments[key];
      out.push({ type: "comment", flag: "", bead: data.rows[key] === undefined ? null : data.rows[key],
        category: "", severity: "", span: "", decision: "", comment: c.text, at: c.at });
    });
    return out;
  }
  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  function csvCell(v) {
    var s = v === null || v === undefined ? "" : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;  // keep spreadsheets from running formulas
    return '"' + s.replace(/"/g, '""') + '"';
  }
  $("export-json").addEventListener("click", function () {
    download(data.name + ".review.json", "application/json",
      JSON.stringify({ report_id: data.report_id, name: data.name, exported: new Date().toISOString(), items: records() }, null, 2));
  });
  $("export-csv").addEventListener("click", function () {
    var cols = ["type", "flag", "bead", "category", "severity", "span", "decision", "comment", "at"];
    var lines = [cols.join(",")].concat(records().map(function (r) {
      return cols.map(function (c) { return csvCell(r[c]); }).join(",");
    }));
    download(data.name + ".review.csv", "text/csv", lines.join("\r\n") + "\r\n");
  });

  apply();
})();
