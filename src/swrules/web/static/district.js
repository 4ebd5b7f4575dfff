// The district table: sort by a column (click its heading), filter by grade, by one veto or finding
// (chosen by its label; the row carries the ids as its key), any veto, provisional, published figures
// that differ, or a station's name.
"use strict";
(function () {
  var table = document.getElementById("district");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var grade = document.getElementById("f-grade");
  var check = document.getElementById("f-check");
  var veto = document.getElementById("f-veto");
  var provisional = document.getElementById("f-provisional");
  var differs = document.getElementById("f-differs");
  var text = document.getElementById("f-text");
  var shown = document.getElementById("shown-count");

  function filter() {
    var n = 0;
    rows.forEach(function (tr) {
      var ok = (!grade.value || tr.dataset.grade === grade.value) &&
               (!check.value || JSON.parse(tr.dataset.checks).indexOf(check.value) >= 0) &&
               (!veto.checked || tr.dataset.veto === "yes") &&
               (!provisional.checked || tr.dataset.provisional === "yes") &&
               (!differs.checked || tr.dataset.differs === "yes") &&
               (!text.value || tr.cells[0].textContent.indexOf(text.value) >= 0);
      tr.hidden = !ok;
      if (ok) { n++; }
    });
    shown.textContent = window.swrules.words("count_shown", {shown: n, count: rows.length});
  }
  [grade, check, veto, provisional, differs].forEach(function (el) { el.addEventListener("change", filter); });
  text.addEventListener("input", filter);

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
    th.addEventListener("click", function () {
      var numeric = th.dataset.sort === "number";
      var down = th.dataset.dir !== "asc";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { delete c.dataset.dir; });
      th.dataset.dir = down ? "asc" : "desc";
      rows.sort(function (a, b) {
        var x = a.cells[i], y = b.cells[i];
        var p = numeric ? parseFloat(x.dataset.value || "NaN") : x.textContent;
        var q = numeric ? parseFloat(y.dataset.value || "NaN") : y.textContent;
        if (numeric) {
          if (isNaN(p)) { return 1; } if (isNaN(q)) { return -1; }
          return down ? p - q : q - p;
        }
        return down ? p.localeCompare(q, "zh-CN") : q.localeCompare(p, "zh-CN");
      });
      rows.forEach(function (tr) { body.appendChild(tr); });
    });
  });
})();
