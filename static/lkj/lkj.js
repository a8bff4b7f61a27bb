// Every page: a button or link with data-konfirmasi="…" asks before it acts. (An attribute,
// not onclick="…": the Content-Security-Policy runs no inline script.)
document.addEventListener("click", function (e) {
  var el = e.target.closest("[data-konfirmasi]");
  if (el && !window.confirm(el.getAttribute("data-konfirmasi"))) {
    e.preventDefault();
    e.stopImmediatePropagation();
  }
}, true);
