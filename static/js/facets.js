// The agreement search page's filter panel (templates/agreements/_facets.html), improved
// when scripts run; without them the panel works as a plain form.
// - Phones: the panel (before the results) starts folded unless it reports an error.
// - The party facet's name box narrows the listed parties as one types; Enter still asks
//   the server, which searches every party.
// - Empty fields are left out of the submitted address (no "q=&signed_after=").
(function () {
  "use strict";

  var NARROW = "(max-width: 50rem)";

  function foldOnPhones(panel) {
    if (panel && !panel.hasAttribute("data-keep-open") && window.matchMedia(NARROW).matches) {
      panel.open = false;
    }
  }

  function narrowPartyList(box) {
    var list = document.getElementById(box.getAttribute("data-filters"));
    if (!list) {
      return;
    }
    var wanted = box.value.trim().toLowerCase();
    var items = list.querySelectorAll("li[data-names]");
    for (var i = 0; i < items.length; i += 1) {
      var item = items[i];
      var checked = item.querySelector("input:checked") !== null;
      var matches = wanted === "" || item.getAttribute("data-names").indexOf(wanted) !== -1;
      item.hidden = !(matches || checked);
    }
  }

  function dropEmptyFields(event) {
    var names = [];
    event.formData.forEach(function (value, name) {
      if (typeof value === "string" && value.trim() === "" && names.indexOf(name) === -1) {
        names.push(name);
      }
    });
    names.forEach(function (name) {
      var kept = event.formData.getAll(name).filter(function (value) {
        return typeof value !== "string" || value.trim() !== "";
      });
      event.formData.delete(name);
      kept.forEach(function (value) {
        event.formData.append(name, value);
      });
    });
  }

  function start() {
    foldOnPhones(document.querySelector(".filter-panel"));
    var box = document.querySelector("input[data-filters]");
    if (box) {
      box.addEventListener("input", function () {
        narrowPartyList(box);
      });
      narrowPartyList(box);
    }
    var form = document.getElementById("agreement-search");
    if (form) {
      form.addEventListener("formdata", dropEmptyFields);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
