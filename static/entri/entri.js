// Rows answer validation errors (422), conflicts (409) and refusals (403) with the row
// itself; htmx must swap those in like a success, or the user would see nothing.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.htmx) return;
  htmx.config.responseHandling = [
    {code: "204", swap: false},
    {code: "[23]..", swap: true},
    {code: "(403|409|422)", swap: true, error: false},
    {code: "[45]..", swap: false, error: true},
  ];
});
// A failed request (server down, network) must not pass silently.
document.addEventListener("htmx:sendError", function (e) {
  alert("Gagal terhubung ke server; isian belum tersimpan. Periksa jaringan lalu coba lagi.");
});
document.addEventListener("htmx:responseError", function (e) {
  if (e.detail.xhr.status === 503) {
    alert("Server sedang sibuk menyimpan data lain; isian belum tersimpan. Tunggu sebentar lalu coba lagi.");
    return;
  }
  alert("Terjadi kesalahan di server (" + e.detail.xhr.status + "); isian belum tersimpan.");
});
