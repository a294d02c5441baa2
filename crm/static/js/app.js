// Site script: send the CSRF token with every htmx request (forms carry it in a hidden field).
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRFToken"] = meta.getAttribute("content"); }
});
