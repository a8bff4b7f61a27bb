// The recap's "cetak seluruh kabupaten" block refreshes itself while its printing runs: every few seconds
// the block is fetched again and put in place when it changed; it stops once the printing is done.
(function () {
  "use strict";
  var JEDA = 5000;
  function putar() {
    var blok = document.getElementById("cetak");
    if (!blok || !blok.dataset.berjalan) return;
    window.setTimeout(function () {
      fetch(blok.dataset.url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
        .then(function (html) {
          var baru = document.createElement("div");
          baru.innerHTML = html;
          var ganti = baru.querySelector("#cetak");
          if (!ganti) return;
          // keep what the reader opened, and do not replace a block whose content did not change
          blok.querySelectorAll("details").forEach(function (d, i) {
            var g = ganti.querySelectorAll("details")[i];
            if (g) g.open = d.open;
          });
          if (ganti.innerHTML !== blok.innerHTML) blok.replaceWith(ganti);
          putar();
        })
        .catch(function () { window.setTimeout(putar, JEDA * 3); });
    }, JEDA);
  }
  document.addEventListener("DOMContentLoaded", putar);
})();
