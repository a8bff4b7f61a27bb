// Signing renders and stores the PDFs before the page answers (several seconds for the OPD LKj):
// say so on the button and refuse a second click, which would only be refused by the server.
document.addEventListener("submit", function (e) {
  var form = e.target;
  if (!form.matches || !form.matches("form[data-sedang]")) return;
  if (form.dataset.terkirim) { e.preventDefault(); return; }
  form.dataset.terkirim = "1";
  var tombol = form.querySelector("button:not([type=button])");
  if (tombol) {
    tombol.dataset.teks = tombol.textContent;
    tombol.disabled = true;
    tombol.setAttribute("aria-busy", "true");
    tombol.textContent = form.dataset.sedang;
  }
  var tanda = form.querySelector(".sedang");
  if (tanda) tanda.hidden = false;
});
// Back/forward cache: a page restored after navigating away must offer the button again.
window.addEventListener("pageshow", function (e) {
  if (!e.persisted) return;
  document.querySelectorAll("form[data-sedang]").forEach(function (form) {
    delete form.dataset.terkirim;
    var tombol = form.querySelector("button:not([type=button])");
    if (tombol) { tombol.disabled = false; tombol.removeAttribute("aria-busy"); if (tombol.dataset.teks) tombol.textContent = tombol.dataset.teks; }
  });
});
