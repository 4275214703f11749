/* Suggestions under the header's search box (templates/base.html), from
 * /<lang>/search/suggest/?q= (public/search.py). Progressive enhancement: without this
 * file the box is a plain form submitting to /<lang>/search/.
 *
 * The box becomes an ARIA 1.2 combobox with a listbox popup: typing asks for suggestions
 * (after a short pause), the arrow keys move through them (aria-activedescendant), Enter
 * opens the chosen one (or submits the search when none is chosen), Escape closes the
 * list and, when it is already closed, clears the box. Labels come translated from the
 * form's data-label-* attributes. */
(function () {
  "use strict";

  var DELAY_MS = 200;
  var MIN_LENGTH = 2;

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_match, name) {
      return values[name];
    });
  }

  function setUp(form) {
    var input = form.querySelector("input[name=q]");
    if (!input || !window.fetch) {
      return;
    }
    var listId = input.id + "-suggestions";
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", form.querySelector("label").textContent);
    list.hidden = true;
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    form.appendChild(list);
    form.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var options = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var asked = "";

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      if (active >= 0 && options[active]) {
        options[active].setAttribute("aria-selected", "false");
      }
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      var option = options[index];
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }

    function addOption(label, detail, url) {
      var item = document.createElement("li");
      item.id = listId + "-" + options.length;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.className = "suggestion";
      item.dataset.url = url;
      var name = document.createElement("span");
      name.className = "suggestion-label";
      name.textContent = label;
      item.appendChild(name);
      if (detail) {
        var more = document.createElement("span");
        more.className = "suggestion-detail";
        more.textContent = detail;
        item.appendChild(more);
      }
      options.push(item);
      return item;
    }

    function show(data) {
      list.textContent = "";
      options = [];
      active = -1;
      var count = 0;
      data.groups.forEach(function (group) {
        var heading = document.createElement("li");
        heading.setAttribute("role", "presentation");
        heading.className = "suggestion-group";
        heading.textContent = group.title;
        list.appendChild(heading);
        group.items.forEach(function (item) {
          list.appendChild(addOption(item.label, item.detail, item.url));
          count += 1;
        });
      });
      var all = addOption(format(form.dataset.labelAll, { q: data.q }), "", data.search_url);
      all.classList.add("suggestion-all");
      list.appendChild(all);
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      input.removeAttribute("aria-activedescendant");
      if (count === 0) {
        status.textContent = form.dataset.labelNone;
      } else if (count === 1) {
        status.textContent = form.dataset.labelCountOne;
      } else {
        status.textContent = format(form.dataset.labelCountMany, { count: count });
      }
    }

    function ask() {
      var q = input.value.trim();
      if (q.length < MIN_LENGTH) {
        asked = "";
        close();
        return;
      }
      if (q === asked) {
        return;
      }
      asked = q;
      if (pending) {
        pending.abort();
      }
      pending = window.AbortController ? new AbortController() : null;
      var url = form.dataset.suggestUrl + "?q=" + encodeURIComponent(q);
      fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: pending ? pending.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (data) {
          // Only the answer to what is in the box now; a slower, older one is dropped.
          if (data && data.q === input.value.trim().split(/\s+/).join(" ")) {
            show(data);
          }
        })
        .catch(function () {
          /* aborted or offline: the form still submits */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && options.length > 0;
      if (event.key === "ArrowDown") {
        if (!open) {
          asked = "";
          ask();
          return;
        }
        event.preventDefault();
        choose(active + 1 < options.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp") {
        if (!open) {
          return;
        }
        event.preventDefault();
        choose(active > 0 ? active - 1 : options.length - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          window.location.assign(options[active].dataset.url);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          asked = "";
        }
      }
    });

    // mousedown, not click: it comes before the box loses focus and closes the list.
    list.addEventListener("mousedown", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) {
        event.preventDefault();
        window.location.assign(option.dataset.url);
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 100);
    });
  }

  function start() {
    var forms = document.querySelectorAll("form[data-suggest-url]");
    Array.prototype.forEach.call(forms, setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
