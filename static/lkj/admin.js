// The admin's autocomplete fields (select2) draw a combobox named by an empty box: give the combobox and the
// box the field's own label, on load and whenever rows are added (the inline formsets).
(function () {
  function beriNama() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (pilih) {
      var label = pilih.id && document.querySelector('label[for="' + pilih.id + '"]');
      var wadah = pilih.nextElementSibling;
      if (!wadah || !wadah.classList.contains("select2")) return;
      var nama = label ? label.textContent.replace(/[:*\s]+$/, "").trim() : pilih.name;
      wadah.querySelectorAll('[role="combobox"], [role="textbox"]').forEach(function (el) {
        if (el.getAttribute("aria-label") === nama) return;
        el.removeAttribute("aria-labelledby");
        el.setAttribute("aria-label", nama);
      });
    });
  }
  window.addEventListener("load", beriNama);
  document.addEventListener("DOMContentLoaded", function () {
    new MutationObserver(beriNama).observe(document.body, { childList: true, subtree: true });
  });
})();
