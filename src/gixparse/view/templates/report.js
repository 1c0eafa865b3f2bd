(function () {
  "use strict";
  // The cell last clicked or tapped shows its tooltip (raw text, line, findings) in a bar:
  // touch screens have no hover. Text only: the bar's textContent, never markup.
  var bar = document.getElementById("cellinfo");
  var picked = null;
  if (!bar) { return; }
  function hide() {
    bar.hidden = true;
    if (picked) { picked.classList.remove("picked"); picked = null; }
  }
  document.addEventListener("click", function (e) {
    if (e.target === bar) { hide(); return; }
    var td = e.target.closest ? e.target.closest("td[data-key]") : null;
    if (!td) { return; }
    if (picked) { picked.classList.remove("picked"); }
    picked = td;
    td.classList.add("picked");
    bar.textContent = td.getAttribute("title") || "";
    bar.hidden = false;
  });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { hide(); } });
}());
