// Fold or unfold every code cell at once; the choice is remembered for the session.
(function () {
  var box = document.getElementById("rp-show-code");
  if (!box) return;
  function apply() {
    document.querySelectorAll("details.rp-code").forEach(function (d) { d.open = box.checked; });
  }
  try { box.checked = sessionStorage.getItem("rp-show-code") === "1"; } catch (e) {}
  apply();
  box.addEventListener("change", function () {
    try { sessionStorage.setItem("rp-show-code", box.checked ? "1" : "0"); } catch (e) {}
    apply();
  });
})();
