/* Progressive enhancement for the forms built from the schema. Without JavaScript every button
   still works: "add row" / "remove row" post the form and the server re-renders it. */
(function () {
  "use strict";

  function nextIndex(body) {
    var n = parseInt(body.getAttribute("data-next") || "0", 10);
    body.setAttribute("data-next", String(n + 1));
    return n;
  }

  function renumber(body) {
    var rows = body.querySelectorAll(":scope > [data-row]");
    var lang = document.documentElement.lang || "zh-CN";
    rows.forEach(function (row, i) {
      var label = row.querySelector(":scope > legend .row-no");
      if (label) {
        label.textContent = lang.indexOf("zh") === 0 ? "第 " + (i + 1) + " 行" : "Row " + (i + 1);
      }
    });
  }

  function addRow(button) {
    var path = button.getAttribute("data-add");
    var section = button.closest(".rows");
    var body = section && section.querySelector(".rows-body");
    var tpl = section && section.querySelector(":scope > template");
    if (!body || !tpl || body.getAttribute("data-list") !== path) { return false; }
    var token = tpl.getAttribute("data-token");
    var html = tpl.innerHTML.split(token).join(String(nextIndex(body)));
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    body.appendChild(row);
    renumber(body);
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) { first.focus(); }
    return true;
  }

  function removeRow(button) {
    var row = button.closest("[data-row]");
    var body = row && row.parentElement;
    if (!row || !body || !body.classList.contains("rows-body")) { return false; }
    var section = body.closest(".rows");
    row.remove();
    renumber(body);
    var add = section && section.querySelector(".add-row");
    if (add) { add.focus(); }
    return true;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button) { return; }
    if (button.classList.contains("add-row") && addRow(button)) {
      event.preventDefault();
    } else if (button.classList.contains("remove-row") && removeRow(button)) {
      event.preventDefault();
    } else if (button.hasAttribute("data-confirm") && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  /* 第八条: the studio name = leader's name + direction + category + 创新工作室. */
  function fieldValue(form, name) {
    var checked = form.querySelector('[name="' + name + '"]:checked');
    if (checked) { return checked.value.trim(); }
    var el = form.querySelector('[name="' + name + '"]:not([type=radio]):not([type=checkbox])');
    return el ? el.value.trim() : "";
  }

  function compose(target, initial) {
    var form = target.form;
    var parts = target.getAttribute("data-compose").split("|").map(function (n) {
      return fieldValue(form, n);
    });
    var expected = parts.every(Boolean) ? parts.join("") + "创新工作室" : "";
    var hint = document.getElementById(target.getAttribute("data-compose-hint"));
    var last = target.getAttribute("data-composed") || "";
    if (initial) { last = target.value.trim() === expected ? expected : ""; }
    if (expected && (!target.value.trim() || target.value.trim() === last)) {
      target.value = expected;
    }
    target.setAttribute("data-composed", expected);
    if (hint) {
      var out = hint.querySelector("[data-composed-value]");
      if (out && expected) { out.textContent = expected; }
      hint.classList.toggle("mismatch", Boolean(expected && target.value.trim() && target.value.trim() !== expected));
    }
  }

  function composeAll() {
    document.querySelectorAll("[data-compose]").forEach(function (t) { compose(t, false); });
  }

  /* Money: the amount in Chinese capitals, written by the server (forms.money.format_capitals). */
  var timers = {};
  function capitals(input) {
    var out = document.getElementById(input.getAttribute("data-capitals"));
    if (!out) { return; }
    clearTimeout(timers[input.id]);
    timers[input.id] = setTimeout(function () {
      var url = document.body.getAttribute("data-capitals-url") || "/api/capitals";
      fetch(url + "?amount=" + encodeURIComponent(input.value), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : { capitals: "" }; })
        .then(function (data) { out.textContent = data.capitals || ""; })
        .catch(function () { /* the server writes it again on the next save */ });
    }, 200);
  }

  document.addEventListener("input", function (event) {
    var el = event.target;
    if (el.hasAttribute && el.hasAttribute("data-capitals")) { capitals(el); }
    if (el.form && el.form.querySelector("[data-compose]")) { composeAll(); }
  });
  document.addEventListener("change", function (event) {
    if (event.target.form && event.target.form.querySelector("[data-compose]")) { composeAll(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-compose]").forEach(function (t) { compose(t, true); });
    var summary = document.getElementById("summary");
    if (summary && summary.classList.contains("summary-error")) { summary.focus(); }
  });
})();
