// Asal angka: a figure's button loads its explanation (htmx, hx-get on the button) into the dialog
// of lkj/_asal_dialog.html, opens it and moves the keyboard focus to its heading; closing it (Tutup,
// Escape) gives the focus back to the figure. No inline script: the Content-Security-Policy runs none.
(function () {
  "use strict";
  var pemicu = null;

  function dialog() { return document.getElementById("asal-dialog"); }

  function buka() {
    var d = dialog();
    if (!d) return;
    if (pemicu) pemicu.removeAttribute("aria-busy");
    if (!d.open) d.showModal();
    var judul = document.getElementById("asal-judul");
    if (judul) judul.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var d = dialog();
    if (!d) return;
    d.addEventListener("close", function () {
      if (pemicu && document.body.contains(pemicu)) pemicu.focus();
      pemicu = null;
    });
    d.addEventListener("click", function (e) {
      if (e.target.closest("[data-asal-tutup]") || e.target === d) d.close();
    });
  });

  document.addEventListener("htmx:beforeRequest", function (e) {
    var el = e.detail.elt;
    if (el && el.classList && el.classList.contains("asal")) {
      pemicu = el;
      el.setAttribute("aria-busy", "true");
    }
  });

  document.addEventListener("htmx:afterSwap", function (e) {
    if (e.detail.target && e.detail.target.id === "asal-isi") buka();
  });

  document.addEventListener("htmx:responseError", function (e) {
    var isi = e.detail.target;
    if (!isi || isi.id !== "asal-isi") return;
    isi.textContent = "";
    var h = document.createElement("h2");
    h.className = "h5";
    h.id = "asal-judul";
    h.tabIndex = -1;
    h.textContent = "Asal angka tidak dapat dibuka";
    var p = document.createElement("p");
    p.textContent = e.detail.xhr && e.detail.xhr.status === 404
      ? "Angka ini tidak ditemukan atau tidak dapat Anda baca. Muat ulang halaman lalu coba lagi."
      : "Terjadi gangguan saat memuat. Coba lagi sebentar lagi.";
    isi.appendChild(h);
    isi.appendChild(p);
    buka();
  });
})();
