(function () {
  "use strict";
  var table = document.getElementById("reports");
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var q = document.getElementById("q");
  var status = document.getElementById("status");
  var year = document.getElementById("year");
  var errorsOnly = document.getElementById("errors-only");
  var shown = document.getElementById("shown");

  function filter() {
    var needle = q.value.trim().toLowerCase();
    var n = 0;
    rows.forEach(function (r) {
      var ok = (!needle || r.getAttribute("data-search").indexOf(needle) >= 0) &&
               (!status.value || r.getAttribute("data-status") === status.value) &&
               (!year.value || r.getAttribute("data-year") === year.value) &&
               (!errorsOnly.checked || Number(r.getAttribute("data-errors")) > 0);
      r.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = String(n);
  }

  function key(row, col, numeric) {
    var cell = row.cells[col];
    var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (!numeric) { return v; }
    return v === "" ? null : Number(v);
  }

  function sortBy(th) {
    var col = th.cellIndex;
    var numeric = th.getAttribute("data-type") === "num";
    var asc = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    rows.sort(function (a, b) {
      var x = key(a, col, numeric), y = key(b, col, numeric);
      if (x === null || x === "") { return (y === null || y === "") ? 0 : 1; }  // empty cells last either way
      if (y === null || y === "") { return -1; }
      var c = numeric ? x - y : String(x).localeCompare(String(y), "zh-CN");
      return asc ? c : -c;
    });
    rows.forEach(function (r) { tbody.appendChild(r); });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    var button = th.querySelector("button");
    if (button) { button.addEventListener("click", function () { sortBy(th); }); }
  });
  [q, status, year, errorsOnly].forEach(function (el) {
    el.addEventListener("input", filter);
    el.addEventListener("change", filter);
  });
  filter();
}());
