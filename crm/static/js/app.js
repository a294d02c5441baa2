// Site script (no inline scripts anywhere: the Content-Security-Policy forbids them).

// Send the CSRF token with every htmx request (forms carry it in a hidden field).
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { event.detail.headers["X-CSRFToken"] = meta.getAttribute("content"); }
});

// Employer type-ahead: choosing a result fills in the employer, loads its people and any notice.
(function () {
  function results() { return document.getElementById("employer-results"); }

  function choose(button) {
    var id = button.getAttribute("data-employer-id");
    document.getElementById("employer_id").value = id;
    var input = document.getElementById("employer_query");
    input.value = button.getAttribute("data-employer-name");
    results().innerHTML = "";
    if (window.htmx && document.getElementById("contact_person_id")) {
      htmx.ajax("GET", "/employers/" + id + "/people-options", { target: "#contact_person_id", swap: "innerHTML" });
      htmx.ajax("GET", "/contacts/employer-notice?employer_id=" + id, { target: "#employer-notice", swap: "innerHTML" });
    }
    var next = document.getElementById("contact_person_id") || input;
    next.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".typeahead-choice");
    if (button) { event.preventDefault(); choose(button); }
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (input.id === "employer_query" && event.key === "ArrowDown") {
      var first = results() && results().querySelector(".typeahead-choice");
      if (first) { event.preventDefault(); first.focus(); }
    } else if (input.classList && input.classList.contains("typeahead-choice")) {
      var items = Array.prototype.slice.call(results().querySelectorAll(".typeahead-choice"));
      var i = items.indexOf(input);
      if (event.key === "ArrowDown" && i < items.length - 1) { event.preventDefault(); items[i + 1].focus(); }
      if (event.key === "ArrowUp") {
        event.preventDefault();
        (i > 0 ? items[i - 1] : document.getElementById("employer_query")).focus();
      }
      if (event.key === "Escape") { results().innerHTML = ""; document.getElementById("employer_query").focus(); }
    }
  });

  document.addEventListener("input", function (event) {
    if (event.target.id === "employer_query") {
      var hidden = document.getElementById("employer_id");
      if (hidden) { hidden.value = ""; }
      var notice = document.getElementById("employer-notice");
      if (notice) { notice.innerHTML = ""; }
    }
  });
})();

// "Print this list" buttons (no inline onclick: the Content-Security-Policy forbids it).
document.addEventListener("click", function (event) {
  if (event.target.closest(".js-print")) { window.print(); }
});
