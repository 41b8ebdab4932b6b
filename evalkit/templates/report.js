// evalkit report: flag-by-flag review, decisions, corrections in place, filters, exports.
// Safety: document text is only ever read (textContent, the page's JSON block) or written
// as text (createTextNode / textContent); nothing here parses HTML, so no document text can
// become markup. Exports are built as strings and downloaded, never put into the page.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var list = document.getElementById("segments");
  var rows = Array.prototype.slice.call(list.querySelectorAll("li.row"));
  var rowsByKey = {};
  rows.forEach(function (r) { rowsByKey[r.id] = r; });
  var form = document.getElementById("controls");
  var $ = function (id) { return document.getElementById(id); };
  var storeKey = "evalkit-review:" + data.report_id;
  var flagsById = {}, flagsByRow = {};
  data.flags.forEach(function (f) {
    flagsById[f.id] = f;
    (flagsByRow[f.row] = flagsByRow[f.row] || []).push(f);
  });
  Object.keys(flagsByRow).forEach(function (k) {  // a row's flags in reading order
    flagsByRow[k].sort(function (a, b) { return (a.tgt ? a.tgt[0] : 1e9) - (b.tgt ? b.tgt[0] : 1e9); });
  });
  var current = -1;     // index in rows of the current row
  var curFlag = null;   // id of the highlighted flag
  var navOpened = null; // the row whose evidence navigation opened (closed when it moves on)

  // ---- reviewer state (localStorage, keyed by report id) ----
  function emptyState() { return { flags: {}, comments: {}, targets: {}, view: null, seeded: false }; }
  function loadState() {
    try {
      var s = JSON.parse(window.localStorage.getItem(storeKey) || "null");
      if (s && typeof s === "object" && s.flags && s.comments) {
        s.targets = s.targets || {};
        return s;
      }
    } catch (e) { /* storage unavailable or corrupt: start empty */ }
    return emptyState();
  }
  var state = loadState();
  function saveState() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(state)); } catch (e) { /* private mode */ }
  }
  if (!state.seeded) {  // decisions carried over by `evalkit review --decisions`, once
    data.flags.forEach(function (f) {
      if (f.review && f.review.decision && !state.flags[f.id]) {
        state.flags[f.id] = { decision: f.review.decision, at: f.review.at || "", carried: true };
      }
    });
    Object.keys(data.comments || {}).forEach(function (k) {
      if (!state.comments[k]) state.comments[k] = { text: data.comments[k], at: "" };
    });
    state.seeded = true;
    saveState();
  }
  function decisionOf(fid) { return state.flags[fid] ? state.flags[fid].decision : ""; }

  // ---- the texts as the page shows them (read once, before any correction is drawn) ----
  function cellText(cell) {  // a cell's text, bidi badges back to their characters, notes left out
    var out = "";
    (function walk(n) {
      for (var c = n.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) out += c.nodeValue;
        else if (c.nodeType === 1) {
          if (c.classList.contains("bidi")) out += String.fromCharCode(parseInt(c.getAttribute("data-cp") || "0", 16) || 0).replace("\u0000", "");
          else if (c.tagName === "BR") out += "\n";
          else if (!c.classList.contains("note")) walk(c);
        }
      }
    })(cell);
    return out;
  }
  var originals = {};
  function original(key, side) {  // the bead's source (side "s") or translation ("t") text; "" if none
    var k = side + key;
    if (!(k in originals)) {
      var cell = rowsByKey[key] && rowsByKey[key].querySelector(side === "t" ? ".tt" : ".st");
      originals[k] = cell && data.rows[key] !== undefined ? cellText(cell) : "";
    }
    return originals[k];
  }
  function hasTarget(key) { return original(key, "t") !== ""; }
  Object.keys(state.targets).forEach(function (key) { original(key, "t"); });

  // ---- the translation as an editable model: text, flag spans, applied ranges, segment cuts ----
  function baseModel(key) {
    var m = { text: original(key, "t"), spans: {}, applied: {}, cuts: (data.cuts[key] || []).slice(), edited: false };
    (flagsByRow[key] || []).forEach(function (f) { if (f.tgt) m.spans[f.id] = f.tgt.slice(); });
    return m;
  }
  var models = {};
  function model(key) {
    if (!models[key]) models[key] = state.targets[key] ? JSON.parse(JSON.stringify(state.targets[key])) : baseModel(key);
    return models[key];
  }
  function changed(key) { return !!state.targets[key]; }
  function shift(range, s, e, len) {  // a range after replacing [s, e) with len characters; null if it was inside
    var d = len - (e - s);
    if (range[1] <= s) return range;
    if (range[0] >= e) return [range[0] + d, range[1] + d];
    return null;
  }
  function replaceRange(m, s, e, ins, fid) {
    m.text = m.text.slice(0, s) + ins + m.text.slice(e);
    Object.keys(m.spans).forEach(function (id) {
      var r = shift(m.spans[id], s, e, ins.length);
      if (r) m.spans[id] = r; else delete m.spans[id];
    });
    Object.keys(m.applied).forEach(function (id) {
      var a = m.applied[id], r = shift(a, s, e, ins.length);  // an edit inside a correction widens it
      m.applied[id] = r || [Math.min(a[0], s), Math.max(a[1] + ins.length - (e - s), s + ins.length)];
    });
    if (fid) m.applied[fid] = [s, s + ins.length];
    m.cuts = m.cuts.map(function (c) { return c <= s ? c : c >= e ? c + ins.length - (e - s) : s + ins.length; });
  }
  function commit(key) {
    var m = models[key];
    if (m.text === original(key, "t") && !Object.keys(m.applied).length) delete state.targets[key];
    else state.targets[key] = m;
    saveState();
    renderTarget(key);
    progress();
  }

  var BIDI = { "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO", "\u2066": "LRI",
    "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI", "\u200e": "LRM", "\u200f": "RLM", "\u061c": "ALM" };
  function appendText(parent, text) {  // text as nodes; bidi controls shown as badges, never obeyed
    var buf = "";
    for (var i = 0; i < text.length; i++) {
      var ch = text.charAt(i);
      if (BIDI[ch]) {
        if (buf) parent.appendChild(document.createTextNode(buf));
        buf = "";
        var b = document.createElement("span");
        b.className = "bidi";
        b.setAttribute("contenteditable", "false");
        b.setAttribute("data-cp", ch.charCodeAt(0).toString(16).toUpperCase());
        b.textContent = "\u27e8" + BIDI[ch] + "\u27e9";
        parent.appendChild(b);
      } else buf += ch;
    }
    if (buf) parent.appendChild(document.createTextNode(buf));
  }
  var RANK = { minor: 0, major: 1, critical: 2 };
  function renderTarget(key) {  // rebuild a row's translation from its model
    var row = rowsByKey[key], cell = row && row.querySelector(".tt");
    if (!cell) return;
    var m = model(key), text = m.text;
    while (cell.firstChild) cell.removeChild(cell.firstChild);
    var bounds = [0, text.length], ids = Object.keys(m.spans), app = Object.keys(m.applied);
    ids.forEach(function (id) { bounds.push(m.spans[id][0], m.spans[id][1]); });
    app.forEach(function (id) { bounds.push(m.applied[id][0], m.applied[id][1]); });
    bounds = bounds.filter(function (v, i, a) { return a.indexOf(v) === i && v >= 0 && v <= text.length; })
      .sort(function (a, b) { return a - b; });
    for (var i = 0; i + 1 < bounds.length; i++) {
      var a = bounds[i], b = bounds[i + 1], piece = text.slice(a, b);
      var cover = ids.filter(function (id) { return m.spans[id][0] <= a && b <= m.spans[id][1]; });
      var inApplied = app.some(function (id) { return m.applied[id][0] <= a && b <= m.applied[id][1]; });
      var node = cell;
      if (cover.length) {
        var sev = cover.map(function (id) { return flagsById[id].severity; })
          .sort(function (x, y) { return RANK[y] - RANK[x]; })[0];
        node = document.createElement("mark");
        node.className = "flag sev-" + sev;
        node.setAttribute("data-flags", cover.join(" "));
        node.setAttribute("tabindex", "0");
        node.setAttribute("role", "button");
        node.setAttribute("aria-label", sev + " flag on \u201c" + piece + "\u201d: show the evidence");
        cell.appendChild(node);
      } else if (inApplied) {
        node = document.createElement("ins");
        node.className = "applied";
        node.title = "your correction";
        cell.appendChild(node);
      }
      appendText(node, piece);
    }
    var rv = row.querySelector(".revert-line");
    if (rv) rv.hidden = !changed(key);
    row.classList.toggle("corrected", changed(key));
    (flagsByRow[key] || []).forEach(function (f) { showApplied(f.id); });
    refreshMarks();
  }
  function showApplied(fid) {
    var f = flagsById[fid], m = model(f.row), st = document.querySelector('[data-applied-for="' + fid + '"]');
    var btn = document.querySelector('button.apply[data-flag="' + fid + '"]');
    var done = !!m.applied[fid];
    if (st) st.textContent = done ? "applied" : (!m.spans[fid] && f.tgt ? "the flagged words were changed" : "");
    if (btn) btn.disabled = done || !m.spans[fid];
  }
  function applySuggestion(fid) {
    var f = flagsById[fid];
    if (!f || f.replacement === null || f.replacement === undefined) return false;
    var m = model(f.row), r = m.spans[fid];
    if (!r || m.applied[fid]) return false;
    replaceRange(m, r[0], r[1], f.replacement, fid);
    commit(f.row);
    if (!decisionOf(fid)) decide(fid, "confirmed");
    return true;
  }

  // hand editing: the translation cell becomes editable; leaving it (Esc, Enter, click away) saves
  var editing = null;
  function startEdit(key, fid) {
    var row = rowsByKey[key], cell = row && row.querySelector(".tt");
    if (!cell || !hasTarget(key)) return;
    if (editing && editing !== key) endEdit();
    renderTarget(key);
    editing = key;
    cell.setAttribute("contenteditable", "plaintext-only");
    if (cell.contentEditable !== "plaintext-only") cell.setAttribute("contenteditable", "true");
    cell.setAttribute("role", "textbox");
    cell.setAttribute("aria-label", "Translation of #" + (data.rows[key] + 1) + ", editable");
    var btn = row.querySelector("button.edit");
    if (btn) { btn.setAttribute("aria-pressed", "true"); btn.textContent = "Done"; }
    row.classList.add("editing");
    cell.focus();
    var sel = window.getSelection(), range = document.createRange();
    var mark = fid ? cell.querySelector("mark[data-flags~='" + fid + "']") : null;
    if (mark) range.selectNodeContents(mark);
    else { range.selectNodeContents(cell); range.collapse(false); }
    sel.removeAllRanges();
    sel.addRange(range);
  }
  function endEdit() {
    if (!editing) return;
    var key = editing, row = rowsByKey[key], cell = row.querySelector(".tt");
    editing = null;
    cell.removeAttribute("contenteditable");
    cell.removeAttribute("role");
    cell.removeAttribute("aria-label");
    var btn = row.querySelector("button.edit");
    if (btn) { btn.setAttribute("aria-pressed", "false"); btn.textContent = "Edit"; }
    row.classList.remove("editing");
    var m = model(key), now = cellText(cell).replace(/\n+$/, ""), old = m.text;
    if (now !== old) {
      var p = 0, q = 0;
      while (p < old.length && p < now.length && old.charAt(p) === now.charAt(p)) p++;
      while (q < old.length - p && q < now.length - p && old.charAt(old.length - 1 - q) === now.charAt(now.length - 1 - q)) q++;
      replaceRange(m, p, old.length - q, now.slice(p, now.length - q), null);
      m.edited = true;
      var edit = "edit" + Object.keys(m.applied).length;
      m.applied[edit] = [p, now.length - q];
      commit(key);
    } else renderTarget(key);
  }
  function revert(key) {
    delete state.targets[key];
    delete models[key];
    saveState();
    renderTarget(key);
    progress();
  }

  // ---- decisions ----
  function showDecision(fid) {
    var d = decisionOf(fid);
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
  }
  function decide(fid, decision) {
    var old = decisionOf(fid);
    if (old === decision) delete state.flags[fid];
    else state.flags[fid] = { decision: decision, at: new Date().toISOString() };
    saveState();
    showDecision(fid);
    refreshMarks();
    progress();
    return old !== decision;
  }
  function refreshMarks() {
    var cats = checked("category"), sevs = checked("severity");
    document.querySelectorAll("mark.flag, mark.src-mark").forEach(function (m) {
      var ids = m.getAttribute("data-flags").split(" ");
      var keep = ids.some(function (id) {
        var f = flagsById[id];
        return f && cats.indexOf(f.category) >= 0 && sevs.indexOf(f.severity) >= 0;
      });
      m.classList.toggle("filtered-out", !keep);
      m.classList.toggle("decided-dismissed", ids.every(function (i) { return decisionOf(i) === "dismissed"; }));
      m.classList.toggle("current-flag", curFlag !== null && ids.indexOf(curFlag) >= 0);
    });
    document.querySelectorAll(".flag-item").forEach(function (i) {
      var on = i.getAttribute("data-flag") === curFlag, f = flagsById[i.getAttribute("data-flag")];
      i.classList.toggle("filtered-out", !!f && (cats.indexOf(f.category) < 0 || sevs.indexOf(f.severity) < 0));
      i.classList.toggle("current", on);
      if (on) i.setAttribute("aria-current", "true"); else i.removeAttribute("aria-current");
    });
  }
  function progress() {
    var n = data.flags.length, done = 0, major = 0, majorDone = 0, fixed = Object.keys(state.targets).length;
    data.flags.forEach(function (f) {
      var d = !!decisionOf(f.id);
      if (d) done++;
      if (f.severity !== "minor") { major++; if (d) majorDone++; }
    });
    var text = done + " of " + n + " flags decided";
    if (major && major < n) text += " (" + majorDone + " of " + major + " critical or major)";
    if (fixed) text += " · " + fixed + " translation(s) corrected";
    $("progress").textContent = text;
    document.querySelectorAll("#groups tr[data-ids]").forEach(function (tr) {
      var ids = tr.getAttribute("data-ids").split(" ");
      tr.querySelector(".gdone").textContent = ids.filter(decisionOf).length + " of " + ids.length;
    });
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

  // ---- evidence panels, flags and the current row ----
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
  function select(i) {
    rows.forEach(function (r) { r.classList.remove("current"); });
    current = i;
    if (i >= 0 && i < rows.length) rows[i].classList.add("current");
  }
  function selectFlag(fid, scroll) {
    var f = flagsById[fid];
    if (!f) return;
    var row = rowsByKey[f.row];
    if (navOpened && navOpened !== row && scroll) setOpen(navOpened, false);
    curFlag = fid;
    select(rows.indexOf(row));
    showFlags(row, [fid]);
    navOpened = row;
    refreshMarks();
    if (scroll) {  // the row from its top, below the sticky controls
      row.scrollIntoView({ block: "start" });
      var bar = form.getBoundingClientRect();
      if (bar.bottom > 0 && row.getBoundingClientRect().top < bar.bottom + 4) window.scrollBy(0, row.getBoundingClientRect().top - bar.bottom - 8);
      var mark = row.querySelector("mark.flag[data-flags~='" + fid + "']");
      if (mark) mark.focus({ preventScroll: true });
      else row.focus({ preventScroll: true });
    }
  }
  list.addEventListener("click", function (ev) {
    var t = ev.target;
    var row = t.closest ? t.closest("li.row") : null;
    if (!row) return;
    if (row.classList.contains("editing") && t.closest(".tt")) return;
    select(rows.indexOf(row));
    var mark = t.closest("mark.flag, mark.src-mark");
    if (mark) {
      var ids = mark.getAttribute("data-flags").split(" ");
      showFlags(row, ids);
      curFlag = ids[0];
      refreshMarks();
      return;
    }
    var item = t.closest(".flag-item");
    if (item) { curFlag = item.getAttribute("data-flag"); refreshMarks(); }
    var btn = t.closest("button");
    if (!btn) return;
    if (btn.classList.contains("toggle")) setOpen(row, btn.getAttribute("aria-expanded") !== "true");
    else if (btn.classList.contains("decide")) decide(btn.getAttribute("data-flag"), btn.getAttribute("data-decision"));
    else if (btn.classList.contains("apply")) applySuggestion(btn.getAttribute("data-flag"));
    else if (btn.classList.contains("edit")) { if (editing === row.id) endEdit(); else startEdit(row.id, null); }
    else if (btn.classList.contains("revert")) revert(row.id);
  });
  list.addEventListener("keydown", function (ev) {
    var mark = ev.target.closest && ev.target.closest("mark.flag");
    if (mark && !editing && (ev.key === "Enter" || ev.key === " ")) {
      ev.preventDefault();
      ev.stopPropagation();
      var ids = mark.getAttribute("data-flags").split(" ");
      selectFlag(ids[0], false);
      showFlags(mark.closest("li.row"), ids);
    }
  });
  list.addEventListener("focusout", function (ev) {
    if (!editing || !ev.target.classList || !ev.target.classList.contains("tt")) return;
    var to = ev.relatedTarget;  // the Done button ends the edit itself
    if (to && to.classList && to.classList.contains("edit") && to.closest("li.row") === rowsByKey[editing]) return;
    endEdit();
  });

  // ---- filters, sort, and keeping them across reloads ----
  function checked(name) {
    return Array.prototype.slice.call(form.querySelectorAll('input[name="' + name + '"]:checked'))
      .map(function (i) { return i.value; });
  }
  function allCount(name) { return form.querySelectorAll('input[name="' + name + '"]').length; }
  function num(v) { return v === "" || v === null ? null : Number(v); }
  function scoreAttr() {
    var o = $("score-name").selectedOptions[0];
    return o && o.getAttribute("data-i") !== null ? "data-s" + o.getAttribute("data-i") : null;
  }

  function apply() {
    var cats = checked("category"), sevs = checked("severity");
    var catActive = cats.length < allCount("category"), sevActive = sevs.length < allCount("severity");
    var onlyFlagged = $("only-flagged").checked, showAside = $("show-aside").checked;
    var attr = scoreAttr(), lo = num($("score-min").value), hi = num($("score-max").value);
    var q = $("search").value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var kind = row.getAttribute("data-kind");
      var rc = (row.getAttribute("data-cats") || "").split(" ").filter(Boolean);
      var ok = true;
      if (!showAside && kind !== "pair" && rc.length === 0 && !(document.body.classList.contains("mode-translation-only") && kind === "tgt-only")) ok = false;
      if (onlyFlagged && rc.length === 0) ok = false;
      if ((catActive || sevActive) && ok) {
        ok = (flagsByRow[row.id] || []).some(function (f) {
          return cats.indexOf(f.category) >= 0 && sevs.indexOf(f.severity) >= 0;
        });
      }
      if (ok && attr && (lo !== null || hi !== null)) {
        var v = row.getAttribute(attr);
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
    refreshMarks();
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
    var same = sorted.every(function (r, i) { return r === rows[i]; });
    if (!same) sorted.forEach(function (r) { list.appendChild(r); });  // moving every row costs a full layout
    rows = sorted;
    current = curFlag ? rows.indexOf(rowsByKey[flagsById[curFlag].row]) : -1;
  }

  function saveView() {
    state.view = {
      sort: $("sort").value,
      offCats: Array.prototype.slice.call(form.querySelectorAll('input[name="category"]:not(:checked)')).map(function (i) { return i.value; }),
      offSevs: Array.prototype.slice.call(form.querySelectorAll('input[name="severity"]:not(:checked)')).map(function (i) { return i.value; }),
      onlyFlagged: $("only-flagged").checked, showAside: $("show-aside").checked, tech: $("tech").checked,
      score: $("score-name").value, min: $("score-min").value, max: $("score-max").value, search: $("search").value
    };
    saveState();
  }
  function restoreView() {
    var v = state.view;
    if (!v) return;
    form.querySelectorAll('input[name="category"]').forEach(function (i) { i.checked = (v.offCats || []).indexOf(i.value) < 0; });
    form.querySelectorAll('input[name="severity"]').forEach(function (i) { i.checked = (v.offSevs || []).indexOf(i.value) < 0; });
    if (v.sort) $("sort").value = v.sort;
    $("only-flagged").checked = !!v.onlyFlagged;
    $("show-aside").checked = v.showAside !== false;
    $("tech").checked = !!v.tech;
    if (v.score && Array.prototype.some.call($("score-name").options, function (o) { return o.value === v.score; })) $("score-name").value = v.score;
    $("score-min").value = v.min || "";
    $("score-max").value = v.max || "";
    $("search").value = v.search || "";
  }
  function showTech() { document.body.classList.toggle("tech", $("tech").checked); }

  form.addEventListener("submit", function (ev) { ev.preventDefault(); });
  var timer = null;
  form.addEventListener("input", function (ev) {
    if (ev.target.id === "sort") sortRows();
    if (ev.target.id === "search" || ev.target.type === "number") {
      clearTimeout(timer);  // typing: filter once the keys pause (long documents)
      timer = setTimeout(function () { apply(); saveView(); }, 120);
      return;
    }
    showTech();
    apply();
    saveView();
  });
  form.addEventListener("change", function (ev) {
    if (ev.target.id === "sort") sortRows();
    showTech();
    apply();
    saveView();
  });
  function resetFilters() {
    form.querySelectorAll('input[name="category"], input[name="severity"]').forEach(function (i) { i.checked = true; });
    $("only-flagged").checked = false;
    $("show-aside").checked = true;
    $("score-min").value = ""; $("score-max").value = ""; $("search").value = "";
  }
  $("reset").addEventListener("click", function () {
    resetFilters();
    $("sort").value = "risk";
    sortRows();
    apply();
    saveView();
  });
  // the summary's counts filter the segments: "15 major", a category, a category × severity cell
  document.querySelectorAll("button.countfilter").forEach(function (b) {
    b.addEventListener("click", function () {
      var cat = b.getAttribute("data-cat"), sev = b.getAttribute("data-sev");
      resetFilters();
      if (cat) form.querySelectorAll('input[name="category"]').forEach(function (i) { i.checked = i.value === cat; });
      if (sev) form.querySelectorAll('input[name="severity"]').forEach(function (i) { i.checked = i.value === sev; });
      $("only-flagged").checked = true;
      $("sort").value = "risk";
      sortRows();
      apply();
      saveView();
      curFlag = null;
      select(-1);
      $("review-h").scrollIntoView({ block: "start" });
    });
  });

  // the grouped issue list: one click decides every flag of a group (those already decided too)
  document.querySelectorAll("#groups button.batch").forEach(function (b) {
    b.addEventListener("click", function () {
      var d = b.getAttribute("data-decision"), at = new Date().toISOString();
      b.closest("tr").getAttribute("data-ids").split(" ").forEach(function (id) {
        state.flags[id] = { decision: d, at: at };
        showDecision(id);
      });
      saveState();
      refreshMarks();
      progress();
    });
  });

  // ---- flag-by-flag navigation ----
  function navFlags() {  // the flags a reviewer walks through: shown rows, filters passed, reading order
    var cats = checked("category"), sevs = checked("severity"), out = [];
    rows.forEach(function (row) {
      if (row.hidden) return;
      (flagsByRow[row.id] || []).forEach(function (f) {
        if (cats.indexOf(f.category) >= 0 && sevs.indexOf(f.severity) >= 0) out.push(f.id);
      });
    });
    return out;
  }
  function move(step) {
    var fl = navFlags();
    if (!fl.length) return;
    var i = curFlag === null ? -1 : fl.indexOf(curFlag);
    i = i < 0 ? (step > 0 ? 0 : fl.length - 1) : Math.max(0, Math.min(fl.length - 1, i + step));
    selectFlag(fl[i], true);
  }
  function nextUndecided() {
    var fl = navFlags(), i = fl.indexOf(curFlag);
    for (var n = 1; n <= fl.length; n++) {
      var id = fl[(i + n + fl.length) % fl.length];
      if (!decisionOf(id)) { selectFlag(id, true); return; }
    }
  }
  function target() {  // the flag keys act on: the highlighted one, else the top one
    if (curFlag === null || (rowsByKey[flagsById[curFlag].row] || {}).hidden) {
      var fl = navFlags();
      if (!fl.length) return null;
      selectFlag(fl[0], true);
    }
    return curFlag;
  }
  var NOT_TYPED = { checkbox: 1, radio: 1, button: 1, submit: 1, reset: 1 };
  function inBox(el) {  // where keys are typed: text fields, lists, the edited translation (not check boxes)
    var tag = el && el.tagName;
    if (tag === "INPUT") return !NOT_TYPED[(el.getAttribute("type") || "text").toLowerCase()];
    return tag === "TEXTAREA" || tag === "SELECT" || (!!el && el.isContentEditable);
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" || ev.key === "Esc") {  // always back to navigation
      if (editing) endEdit();
      if (inBox(ev.target) || ev.target !== document.body) {
        if (ev.target.blur) ev.target.blur();
        if (curFlag !== null) selectFlag(curFlag, true);
        ev.preventDefault();
      }
      return;
    }
    if (editing && ev.key === "Enter" && !ev.shiftKey && ev.target.isContentEditable) {
      ev.preventDefault();
      var key = editing;
      endEdit();
      if (curFlag !== null && flagsById[curFlag].row === key) selectFlag(curFlag, true);
      return;
    }
    if (inBox(ev.target) || ev.ctrlKey || ev.metaKey || ev.altKey) return;  // a key typed in a box stays there
    if (ev.target.tagName === "BUTTON" && (ev.key === "Enter" || ev.key === " ")) return;
    var k = ev.key, fid;
    if (k === "j" || k === "n") { move(1); ev.preventDefault(); }
    else if (k === "k" || k === "p") { move(-1); ev.preventDefault(); }
    else if (k === "/") { $("search").focus(); ev.preventDefault(); }
    else if (k === "c" || k === "d") {
      fid = target();
      if (fid && decide(fid, k === "c" ? "confirmed" : "dismissed")) nextUndecided();
      ev.preventDefault();
    } else if (k === "a") {
      fid = target();
      if (fid && applySuggestion(fid)) nextUndecided();
      ev.preventDefault();
    } else if (k === "e") {
      fid = target();
      if (fid) startEdit(flagsById[fid].row, fid);
      ev.preventDefault();
    } else if (k === "m") {
      fid = target();
      var box = fid && rowsByKey[flagsById[fid].row].querySelector("textarea[data-comment]");
      if (box) { box.focus(); }
      ev.preventDefault();
    } else if (k === "Enter") {
      var row = curFlag !== null ? rowsByKey[flagsById[curFlag].row] : rows[current];
      if (row && panelOf(row)) {
        if (panelOf(row).hidden && curFlag !== null) showFlags(row, [curFlag]);
        else setOpen(row, panelOf(row).hidden);
        ev.preventDefault();
      }
    }
  });

  // ---- exports ----
  function download(name, type, body) {  // body: text or bytes
    var url = URL.createObjectURL(new Blob([body], { type: type }));
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
  function corrected(key) { return hasTarget(key) ? model(key).text : ""; }
  function comment(key) { return state.comments[key] ? state.comments[key].text : ""; }
  function decisions() {  // what `evalkit review --decisions` reads back
    var out = [];
    data.flags.forEach(function (f) {
      var s = state.flags[f.id];
      if (s) out.push({ type: "flag", flag: f.id, key: f.key, row: f.num, bead: f.bead, category: f.category,
        severity: f.severity, span: f.span, decision: s.decision, comment: "", at: s.at });
    });
    Object.keys(state.comments).forEach(function (key) {
      var c = state.comments[key], b = data.rows[key];
      out.push({ type: "comment", flag: "", key: data.keys[key] || "", row: b === undefined ? null : b + 1,
        bead: b === undefined ? null : b, category: "", severity: "", span: "", decision: "", comment: c.text, at: c.at });
    });
    return out;
  }
  var ISSUE_COLUMNS = ["row", "source", "target", "corrected_target", "span", "category", "severity", "message",
    "suggestion", "decision", "comment", "flag", "key", "row_key"];
  function issues() {  // every flag, in document order, plus comments on rows without flags
    var out = [], seen = {};
    data.flags.forEach(function (f) {
      seen[f.row] = true;
      out.push({ row: f.num, source: original(f.row, "s"), target: original(f.row, "t"),
        corrected_target: changed(f.row) ? corrected(f.row) : "", span: f.span, category: f.category,
        severity: f.severity, message: f.message, suggestion: f.replacement !== null && f.replacement !== undefined ? f.replacement : (f.suggestion || ""),
        decision: decisionOf(f.id), comment: comment(f.row), flag: f.id, key: f.key, row_key: data.keys[f.row] || "" });
    });
    Object.keys(state.comments).forEach(function (key) {
      if (seen[key] || data.rows[key] === undefined) return;
      out.push({ row: data.rows[key] + 1, source: original(key, "s"), target: original(key, "t"),
        corrected_target: changed(key) ? corrected(key) : "", span: "", category: "", severity: "", message: "",
        suggestion: "", decision: "", comment: comment(key), flag: "", key: "", row_key: data.keys[key] || "" });
    });
    return out.sort(function (a, b) { return a.row - b.row; });
  }
  function correctedLines() {  // one line per segment of the translation, in its own segmentation
    return data.tgt_doc.map(function (d) {
      if (d[0] === null) return d[1];
      var text = corrected(d[0]), cuts = changed(d[0]) ? model(d[0]).cuts : (data.cuts[d[0]] || []);
      var bounds = [0].concat(cuts, [text.length]);
      return text.slice(bounds[d[1]], bounds[d[1] + 1] === undefined ? text.length : bounds[d[1] + 1]).trim();
    }).map(function (line) { return line.replace(/[\r\n]+/g, " "); });
  }
  function xml(s) {
    return String(s).replace(/[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\ud800-\udbff\udc00-\udfff]/g, "")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }
  function xliff() {
    var PRI = { critical: "1", major: "3", minor: "6" };
    var out = ['<?xml version="1.0" encoding="UTF-8"?>',
      '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:ek="urn:evalkit:review:1" version="2.1" srcLang="' + xml(data.src_lang) + '" trgLang="' + xml(data.tgt_lang) + '">',
      ' <file id="f1" original="' + xml(data.source_path) + '">'];
    var units = 0;
    rows.slice().sort(function (a, b) { return Number(a.getAttribute("data-order")) - Number(b.getAttribute("data-order")); })
      .forEach(function (row) {
        var key = row.id, b = data.rows[key];
        if (b === undefined || !original(key, "s")) return;
        units++;
        var fl = flagsByRow[key] || [], notes = [];
        fl.forEach(function (f) {
          var d = decisionOf(f.id), m = model(key);
          // ek:key / ek:decision: `evalkit review --decisions` reads this file back (report/decisions.py)
          notes.push('   <note id="' + f.id + '" appliesTo="target" category="evalkit:' + xml(f.category) + '" priority="' +
            (PRI[f.severity] || "5") + '"' + (f.key ? ' ek:key="' + xml(f.key) + '"' : "") +
            (d ? ' ek:decision="' + xml(d) + '"' : "") + ">" + xml(f.severity + (d ? " (" + d + (m.applied[f.id] ? ", suggestion applied" : "") + ")" : " (undecided)") +
            ": \u201c" + f.span + "\u201d: " + f.message) + "</note>");
        });
        if (comment(key)) notes.push('   <note id="c' + b + '" category="evalkit:comment"' +
          (data.keys[key] ? ' ek:rowKey="' + xml(data.keys[key]) + '"' : "") + ">" + xml(comment(key)) + "</note>");
        var text = corrected(key), st;
        var undecided = fl.filter(function (f) { return !decisionOf(f.id); }).length;
        if (!hasTarget(key)) st = 'state="initial" subState="evalkit:no-translation-found"';
        else if (changed(key)) st = 'state="reviewed" subState="evalkit:corrected"';
        else if (fl.length && !undecided) st = 'state="reviewed" subState="evalkit:' + (fl.some(function (f) { return decisionOf(f.id) === "confirmed"; }) ? "confirmed" : "dismissed") + '"';
        else if (fl.length) st = 'state="translated" subState="evalkit:undecided-flags"';
        else st = 'state="translated" subState="evalkit:no-flags"';
        out.push('  <unit id="u' + b + '" name="bead-' + b + '">');
        if (notes.length) out.push("   <notes>", notes.join("\n").replace(/^ {3}/gm, "    "), "   </notes>");
        out.push('   <segment id="s' + b + '" ' + st + ">", "    <source>" + xml(original(key, "s")) + "</source>");
        if (text) out.push("    <target>" + xml(text) + "</target>");
        out.push("   </segment>", "  </unit>");
      });
    if (!units) out.push('  <unit id="empty"><segment><source></source></segment></unit>');
    out.push(" </file>", "</xliff>", "");
    return out.join("\n");
  }
  // ---- XLSX: the issue list as a workbook. A few lines of OOXML in a stored (uncompressed) zip,
  // written here because the page must stay one self-contained file with no library. ----
  var CRC_TABLE = (function () {
    var t = [], c, n, k;
    for (n = 0; n < 256; n++) {
      c = n;
      for (k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c >>> 0;
    }
    return t;
  })();
  function crc32(bytes) {
    var c = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }
  function zipStored(files) {  // [[name, text]] -> Uint8Array (zip, method 0)
    var enc = new TextEncoder(), parts = [], central = [], offset = 0;
    function le(n, size) { var a = []; for (var i = 0; i < size; i++) a.push((n >>> (8 * i)) & 0xff); return a; }
    files.forEach(function (f) {
      var name = enc.encode(f[0]), body = enc.encode(f[1]), crc = crc32(body);
      // version 20, flag 0x0800 (UTF-8 names), method 0, time 0, date 1980-01-01
      var common = [].concat(le(20, 2), le(0x0800, 2), le(0, 2), le(0, 2), le(33, 2), le(crc, 4),
        le(body.length, 4), le(body.length, 4), le(name.length, 2), le(0, 2));
      var local = new Uint8Array([].concat(le(0x04034b50, 4), common));
      parts.push(local, name, body);
      central.push(new Uint8Array([].concat(le(0x02014b50, 4), le(20, 2), common, le(0, 2), le(0, 2), le(0, 2),
        le(0, 4), le(offset, 4))), name);
      offset += local.length + name.length + body.length;
    });
    var size = central.reduce(function (n, a) { return n + a.length; }, 0);
    var end = new Uint8Array([].concat(le(0x06054b50, 4), le(0, 2), le(0, 2), le(files.length, 2),
      le(files.length, 2), le(size, 4), le(offset, 4), le(0, 2)));
    var all = parts.concat(central, [end]), total = all.reduce(function (n, a) { return n + a.length; }, 0);
    var out = new Uint8Array(total), at = 0;
    all.forEach(function (a) { out.set(a, at); at += a.length; });
    return out;
  }
  function colName(i) { var s = ""; for (i += 1; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + (i - 1) % 26) + s; return s; }
  function xlsx(columns, records) {
    var rowsXml = [columns].concat(records.map(function (r) { return columns.map(function (c) { return r[c]; }); }))
      .map(function (cells, ri) {
        return '<row r="' + (ri + 1) + '">' + cells.map(function (v, ci) {
          var ref = colName(ci) + (ri + 1);
          if (typeof v === "number" && isFinite(v)) return '<c r="' + ref + '"' + (ri ? "" : ' s="1"') + "><v>" + v + "</v></c>";
          var text = v === null || v === undefined ? "" : String(v).slice(0, 32767);  // Excel's cell limit
          return '<c r="' + ref + '" t="inlineStr"' + (ri ? "" : ' s="1"') + '><is><t xml:space="preserve">' + xml(text) + "</t></is></c>";
        }).join("") + "</row>";
      }).join("");
    var last = colName(columns.length - 1) + (records.length + 1);
    var widths = columns.map(function (c, i) {
      var w = { source: 50, target: 50, corrected_target: 40, message: 50, span: 24, suggestion: 24, comment: 30 }[c] || 12;
      return '<col min="' + (i + 1) + '" max="' + (i + 1) + '" width="' + w + '" customWidth="1"/>';
    }).join("");
    var NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    var REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    return zipStored([
      ["[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'],
      ["_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="' + REL + '/officeDocument" Target="xl/workbook.xml"/></Relationships>'],
      ["xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook ' + NS + ' xmlns:r="' + REL + '">' +
        '<sheets><sheet name="Issues" sheetId="1" r:id="rId1"/></sheets></workbook>'],
      ["xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="' + REL + '/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="' + REL + '/styles" Target="styles.xml"/></Relationships>'],
      ["xl/styles.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet ' + NS + '>' +
        '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
        '</styleSheet>'],
      ["xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ' + NS + '>' +
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
        "<cols>" + widths + "</cols><sheetData>" + rowsXml + '</sheetData><autoFilter ref="A1:' + last + '"/></worksheet>']
    ]);
  }
  $("export-xlsx").addEventListener("click", function () {
    download(data.name + ".issues.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      xlsx(ISSUE_COLUMNS, issues()));
  });
  $("export-json").addEventListener("click", function () {
    download(data.name + ".review.json", "application/json",
      JSON.stringify({ format: "evalkit-decisions", version: 1, report_id: data.report_id, name: data.name,
        exported: new Date().toISOString(), items: decisions() }, null, 2));
  });
  $("export-csv").addEventListener("click", function () {
    var lines = [ISSUE_COLUMNS.join(",")].concat(issues().map(function (r) {
      return ISSUE_COLUMNS.map(function (c) { return csvCell(r[c]); }).join(",");
    }));
    download(data.name + ".issues.csv", "text/csv", "\ufeff" + lines.join("\r\n") + "\r\n");
  });
  $("export-text").addEventListener("click", function () {
    download(data.name + ".corrected.txt", "text/plain", correctedLines().join("\n") + "\n");
  });
  $("export-xliff").addEventListener("click", function () {
    download(data.name + ".reviewed.xlf", "application/xliff+xml", xliff());
  });

  // ---- opening: the saved view, corrections, then the work in risk order ----
  restoreView();
  showTech();
  sortRows();
  Object.keys(state.targets).forEach(function (key) { if (rowsByKey[key]) renderTarget(key); });
  apply();
  progress();
})();
