// Filter the rows of the ledger table as the reader types (the ledger page only).
(function () {
  var box = document.getElementById("rp-ledger-filter");
  if (!box) return;
  var rows = Array.prototype.slice.call(document.querySelectorAll(".rp-ledger tbody tr"));
  var count = document.getElementById("rp-ledger-count");
  function apply() {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var ok = words.every(function (w) { return text.indexOf(w) >= 0; });
      row.hidden = !ok;
      if (ok) shown += 1;
    });
    if (count) count.textContent = shown + " of " + rows.length + " rows";
  }
  box.addEventListener("input", apply);
  apply();
})();
