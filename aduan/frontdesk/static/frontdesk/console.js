/* Call console: time spent on each script step against the profile's minutes.
   The seconds go to the server in hidden fields when the call is saved. */
(function () {
  "use strict";
  var root = document.querySelector("[data-console]");
  if (!root) return;
  var form = document.getElementById(root.getAttribute("data-form"));
  var steps = Array.prototype.slice.call(root.querySelectorAll("[data-step]"));
  var total = document.querySelector("[data-total]");
  var totalLimit = parseInt(total && total.getAttribute("data-limit"), 10) || 0;
  var opened = Date.now() - (parseInt(root.getAttribute("data-elapsed"), 10) || 0) * 1000;
  var current = 0;
  var mark = Date.now();
  // After a refused save the fields come back filled: carry on from there.
  var spent = steps.map(function (el, i) {
    var input = form.elements[el.getAttribute("data-field")];
    var seconds = input ? parseInt(input.value, 10) || 0 : 0;
    if (seconds > 0) current = i;
    return seconds * 1000;
  });

  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function clock(s) { return pad(Math.floor(s / 60)) + ":" + pad(s % 60); }
  function secondsOf(i) {
    return Math.floor((spent[i] + (i === current ? Date.now() - mark : 0)) / 1000);
  }

  function render() {
    steps.forEach(function (el, i) {
      var s = secondsOf(i);
      var limit = parseInt(el.getAttribute("data-limit"), 10) || 0;
      el.querySelector("output").textContent = clock(s) + (limit ? " / " + clock(limit) : "");
      el.classList.toggle("current", i === current);
      el.classList.toggle("over", limit > 0 && s > limit);
      if (i === current) el.setAttribute("aria-current", "step");
      else el.removeAttribute("aria-current");
    });
    if (total) {
      var t = Math.floor((Date.now() - opened) / 1000);
      total.textContent = clock(t) + (totalLimit ? " / " + clock(totalLimit) : "");
      total.classList.toggle("over", totalLimit > 0 && t > totalLimit);
    }
  }

  function go(i) {
    if (i === current || i < 0 || i >= steps.length) return;
    spent[current] += Date.now() - mark;
    mark = Date.now();
    current = i;
    render();
  }

  steps.forEach(function (el, i) {
    el.querySelector("[data-go]").addEventListener("click", function () { go(i); });
    var next = el.querySelector("[data-next]");
    if (next) next.addEventListener("click", function () { go(i + 1); });
  });

  // The read-back (seed 000 step 5): what was understood, as it is typed.
  function summary() {
    var parts = [];
    [["caller_name", "data-label-name"], ["caller_phone", "data-label-phone"],
     ["need", "data-label-need"]].forEach(function (pair) {
      var field = form.elements[pair[0]];
      if (field && field.value.trim()) {
        parts.push(root.getAttribute(pair[1]) + " " + field.value.trim());
      }
    });
    var text = parts.length ? parts.join("; ") : "-";
    Array.prototype.forEach.call(document.querySelectorAll("[data-summary]"), function (el) {
      el.textContent = text;
    });
  }
  form.addEventListener("input", summary);

  // Enter in the answer search looks answers up; it must not save the call.
  var search = document.querySelector("[data-answer-search]");
  if (search) {
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
  }

  form.addEventListener("submit", function () {
    steps.forEach(function (el, i) {
      var input = form.elements[el.getAttribute("data-field")];
      if (input) input.value = secondsOf(i);
    });
  });

  summary();
  render();
  window.setInterval(render, 1000);
})();
