// evalkit batch index: sort the pairs table by a column on a header click (again: reverse).
// Sort keys are the rows' data-k-<column> attributes; an empty key (no value) sorts last.
(function () {
  "use strict";
  var table = document.getElementById("pairs");
  if (!table) return;
  var body = table.tBodies[0];
  function key(row, col) {
    var v = row.getAttribute("data-k-" + col);
    if (v === null || v === "") return null;
    var n = Number(v);
    return isNaN(n) ? v : n;
  }
  function sortBy(th) {
    var col = th.getAttribute("data-col");
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    var heads = table.tHead.querySelectorAll("th[data-col]");
    for (var i = 0; i < heads.length; i++) heads[i].setAttribute("aria-sort", "none");
    th.setAttribute("aria-sort", dir);
    var rows = Array.prototype.slice.call(body.rows).map(function (r, i) { return [r, i]; });
    var sign = dir === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      var x = key(a[0], col), y = key(b[0], col);
      if (x === null && y === null) return a[1] - b[1];
      if (x === null) return 1;
      if (y === null) return -1;
      var c = (typeof x === "number" && typeof y === "number") ? x - y : String(x).localeCompare(String(y));
      return c !== 0 ? sign * c : a[1] - b[1];
    });
    rows.forEach(function (r) { body.appendChild(r[0]); });
  }
  table.tHead.addEventListener("click", function (e) {
    var btn = e.target.closest("button.sort");
    if (btn) sortBy(btn.closest("th"));
  });
})();
