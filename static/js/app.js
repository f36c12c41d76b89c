// Every htmx request carries the page's CSRF token, like the forms do.
document.addEventListener("htmx:configRequest", function (event) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) {
    event.detail.headers["X-CSRF-Token"] = meta.content;
  }
});

// Forms that need a second thought say so in data-confirm (no inline handlers: the CSP forbids them).
document.addEventListener("submit", function (event) {
  var form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// ---- Freshness charts (usage/chart.jte) ----
// The days of a chart are one tab stop: the last day takes the focus, the arrow keys (and Home / End) move it, so a
// keyboard user reads the days the way a pointer does. Without this script every day is its own tab stop.
function initFreshnessCharts(root) {
  root.querySelectorAll("svg.chart:not([data-roving])").forEach(function (chart) {
    var days = chart.querySelectorAll(".day");
    days.forEach(function (day, index) {
      day.setAttribute("tabindex", index === days.length - 1 ? "0" : "-1");
    });
    chart.setAttribute("data-roving", "");
  });
}

document.addEventListener("DOMContentLoaded", function () {
  initFreshnessCharts(document);
});
document.addEventListener("htmx:load", function (event) {
  initFreshnessCharts(event.detail.elt);
});

document.addEventListener("keydown", function (event) {
  var day = event.target.closest ? event.target.closest("svg.chart .day") : null;
  if (!day) {
    return;
  }
  var days = Array.prototype.slice.call(day.closest("svg.chart").querySelectorAll(".day"));
  var index = days.indexOf(day);
  var next = {ArrowLeft: index - 1, ArrowRight: index + 1, Home: 0, End: days.length - 1}[event.key];
  if (next === undefined || next < 0 || next >= days.length) {
    return;
  }
  event.preventDefault();
  day.setAttribute("tabindex", "-1");
  days[next].setAttribute("tabindex", "0");
  days[next].focus();
});
