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

// ---- Pickers (templates/tag/picker.jte) -------------------------------------------------------------------
// The server renders a plain text field holding the id; here it becomes a combobox searching the server
// (htmx) with the id moved to a hidden field. Arrows move through the options, Enter picks and applies,
// Escape closes. Picking submits the form, so the choice shows as the page's chip.
(function () {
  function setUp(picker) {
    var input = picker.querySelector(".picker-input");
    var list = picker.querySelector("[role=listbox]");
    var field = document.createElement("input");
    field.type = "hidden";
    field.name = input.name;
    field.value = input.value;
    picker.appendChild(field);
    input.removeAttribute("name");
    input.value = "";
    input.placeholder = picker.dataset.placeholder;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    var active = -1;
    var timer = null;

    function options() {
      return Array.prototype.slice.call(list.querySelectorAll('[role=option]:not([aria-disabled="true"])'));
    }
    function highlight(index) {
      var all = options();
      active = index;
      all.forEach(function (option, n) { option.setAttribute("aria-selected", n === index ? "true" : "false"); });
      if (index >= 0 && all[index]) {
        input.setAttribute("aria-activedescendant", all[index].id);
        all[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function show(open) {
      list.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) {
        highlight(-1);
      }
    }
    function search() {
      var url = picker.dataset.search + "?q=" + encodeURIComponent(input.value);
      htmx.ajax("GET", url, { target: list, swap: "innerHTML" }).then(function () {
        list.querySelectorAll("[role=option]").forEach(function (option, n) { option.id = list.id + "-" + n; });
        show(true);
        highlight(-1);
      });
    }
    function choose(option) {
      field.value = option.dataset.value;
      input.value = option.dataset.name;
      show(false);
      input.form.requestSubmit();
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    input.addEventListener("keydown", function (event) {
      var all = options();
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) {
          search();
        } else {
          highlight(Math.min(active + 1, all.length - 1));
        }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && !list.hidden && (active >= 0 || all.length === 1)) {
        event.preventDefault();
        choose(all[Math.max(active, 0)]);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        show(false);
      }
    });
    // mousedown, not click: the field keeps the focus, so its blur does not close the list first.
    list.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option]");
      event.preventDefault();
      if (option && option.getAttribute("aria-disabled") !== "true") {
        choose(option);
      }
    });
    input.addEventListener("blur", function () { show(false); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".picker[data-search]").forEach(setUp);
  });
})();

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
