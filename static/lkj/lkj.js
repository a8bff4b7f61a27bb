// Small behaviours of every page; each works on what the server already rendered and on rows htmx swaps in.
(function () {
  "use strict";

  function umumkan(teks, galat) {
    // Screen readers read a live region when its text changes; clear first so the same text is read again.
    var el = document.getElementById(galat ? "pengumuman-galat" : "pengumuman");
    if (!el || !teks) return;
    el.textContent = "";
    window.setTimeout(function () { el.textContent = teks; }, 50);
  }
  window.lkjUmumkan = umumkan;

  function angka(n) { return n.toLocaleString("id-ID"); }

  // Fields with a limit: a counter instead of the browser's silent cut at maxlength.
  function penghitung(akar) {
    akar.querySelectorAll("textarea[maxlength], input[type=text][maxlength]").forEach(function (el) {
      var maks = parseInt(el.getAttribute("maxlength"), 10);
      if (!maks || maks < 100 || el.dataset.maks) return;
      el.dataset.maks = maks;
      el.removeAttribute("maxlength");
      var id = (el.id || ("bidang-" + Math.random().toString(36).slice(2))) + "-penghitung";
      var info = document.createElement("div");
      info.className = "penghitung";
      info.id = id;
      el.insertAdjacentElement("afterend", info);
      var desc = (el.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      desc.push(id);
      el.setAttribute("aria-describedby", desc.join(" "));
      var tadinyaLewat = false;
      function hitung() {
        var n = el.value.length, lewat = n > maks;
        if (lewat) {
          var pesan = "Terlalu panjang: " + angka(n) + " dari batas " + angka(maks) + " karakter. Kurangi " + angka(n - maks) + " karakter.";
          info.textContent = pesan;
          el.setCustomValidity(pesan);
          if (!tadinyaLewat) umumkan(pesan, true);
        } else {
          info.textContent = angka(n) + " / " + angka(maks) + " karakter";
          el.setCustomValidity("");
        }
        info.classList.toggle("lewat", lewat);
        el.classList.toggle("is-invalid", lewat || el.getAttribute("aria-invalid") === "true");
        tadinyaLewat = lewat;
      }
      el.addEventListener("input", hitung);
      hitung();
    });
  }

  // File inputs: an Indonesian button and the chosen file's name.
  function berkas(akar) {
    akar.querySelectorAll("input[type=file]").forEach(function (el) {
      if (el.closest(".pilih-berkas")) return;
      if (!el.id) el.id = "berkas-" + Math.random().toString(36).slice(2);
      var bungkus = document.createElement("div");
      bungkus.className = "pilih-berkas";
      if (el.classList.contains("is-invalid") || el.getAttribute("aria-invalid") === "true") bungkus.classList.add("is-invalid");
      el.parentNode.insertBefore(bungkus, el);
      bungkus.appendChild(el);
      var kecil = el.classList.contains("form-control-sm");
      var tombol = document.createElement("label");
      tombol.className = "btn btn-outline-success tombol-berkas" + (kecil ? " btn-sm" : "");
      tombol.setAttribute("for", el.id);
      tombol.textContent = el.multiple ? "Pilih berkas…" : "Pilih berkas";
      var nama = document.createElement("span");
      nama.className = "nama-berkas";
      nama.id = el.id + "-nama";
      nama.textContent = "Belum ada berkas dipilih";
      bungkus.appendChild(tombol);
      bungkus.appendChild(nama);
      var desc = (el.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      desc.push(nama.id);
      el.setAttribute("aria-describedby", desc.join(" "));
      el.addEventListener("change", function () {
        var n = Array.prototype.map.call(el.files || [], function (f) { return f.name; });
        nama.textContent = n.length ? n.join(", ") : "Belum ada berkas dipilih";
      });
    });
  }

  function siapkan(akar) {
    penghitung(akar);
    berkas(akar);
  }
  document.addEventListener("DOMContentLoaded", function () { siapkan(document); });
  document.addEventListener("htmx:load", function (e) { siapkan(e.detail.elt); });

  // After an htmx row save: keyboard focus goes back to the row (or to its first invalid field), and
  // its message is announced; otherwise focus would drop to <body> with the old row gone.
  var asal = null;
  document.addEventListener("htmx:beforeRequest", function (e) {
    // A figure's "Asal angka" button opens a dialog (static/lkj/asal.js), which takes the focus itself.
    if (e.detail.elt.classList && e.detail.elt.classList.contains("asal")) { asal = null; return; }
    var baris = e.detail.elt.closest && e.detail.elt.closest("[data-fokus-kembali]");
    asal = baris ? baris.id : null;
  });
  document.addEventListener("htmx:afterSettle", function () {
    if (!asal) return;
    var baris = document.getElementById(asal);
    asal = null;
    if (!baris) return;
    var salah = baris.querySelector("[aria-invalid=true], .is-invalid");
    var galat = Array.prototype.map.call(baris.querySelectorAll(".galat, [role=alert]"), function (x) { return x.textContent.trim(); })
      .filter(Boolean).join(" ");
    var pesan = baris.querySelector(".pesan");
    if (galat) {
      umumkan(galat, true);
    } else if (pesan) {
      umumkan(pesan.textContent.trim(), false);
    }
    var sasaran = salah || baris;
    if (sasaran === baris && !baris.hasAttribute("tabindex")) baris.setAttribute("tabindex", "-1");
    sasaran.focus({preventScroll: false});
  });
})();

// Every page: a button or link with data-konfirmasi="…" asks before it acts. (An attribute,
// not onclick="…": the Content-Security-Policy runs no inline script.)
document.addEventListener("click", function (e) {
  var el = e.target.closest("[data-konfirmasi]");
  if (el && !window.confirm(el.getAttribute("data-konfirmasi"))) {
    e.preventDefault();
    e.stopImmediatePropagation();
  }
}, true);

// Progress bars: the width comes from data-lebar (a style="width: …" attribute is an inline style,
// which the Content-Security-Policy refuses).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".progress-bar[data-lebar]").forEach(function (el) {
    el.style.width = Math.max(0, Math.min(100, parseFloat(el.dataset.lebar) || 0)) + "%";
  });
});
