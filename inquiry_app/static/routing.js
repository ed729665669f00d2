/* Zuweisungsseite – progressive Verbesserungen; ohne JavaScript stehen alle Ämter als
   Checkboxen da und beide Zuweisungsarten (ganze Frage, Teilfragen) sind sichtbar. */
(function () {
  "use strict";

  function norm(text) {
    return text.toLocaleLowerCase("de").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  // Ein Filterfeld über jeder Checkboxliste der beteiligten Ämter: Es blendet die Ämter
  // aus, deren Bezeichnung den Suchtext nicht enthält (angekreuzte bleiben sichtbar).
  function addFilter(box) {
    var fieldset = box.querySelector("fieldset");
    var body = fieldset && fieldset.querySelector(".kern-fieldset__body");
    if (!body) {
      return;
    }
    var checks = Array.prototype.slice.call(body.querySelectorAll(".kern-form-check"));
    var id = fieldset.id + "-filter";
    var wrapper = document.createElement("div");
    wrapper.className = "kern-form-input app-checklist__filter";
    var label = document.createElement("label");
    label.className = "kern-label";
    label.htmlFor = id;
    label.textContent = "Ämter filtern";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "kern-form-input__input";
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "kern-body kern-body--small app-checklist__status";
    status.id = id + "-status";
    status.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", status.id);
    wrapper.appendChild(label);
    wrapper.appendChild(input);
    wrapper.appendChild(status);
    body.parentNode.insertBefore(wrapper, body);

    function apply() {
      var query = norm(input.value.trim());
      var shown = 0;
      checks.forEach(function (check) {
        var box = check.querySelector("input");
        var text = norm(check.textContent);
        var visible = !query || text.indexOf(query) !== -1 || box.checked;
        check.hidden = !visible;
        if (visible) {
          shown += 1;
        }
      });
      status.textContent = query
        ? shown + " von " + checks.length + (checks.length === 1 ? " Amt" : " Ämtern") + " angezeigt"
        : "";
    }

    input.addEventListener("input", apply);
    // Enter im Filter soll das Formular nicht absenden
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
  }

  // "Teilfragen einzeln zuweisen": zeigt entweder die Felder der ganzen Frage oder die der
  // Teilfragen (gesendet werden beide; der Server richtet sich nach dem Haken).
  function splitToggle(fieldset) {
    var toggle = fieldset.querySelector("input[type=checkbox][name^='split_']");
    var whole = fieldset.querySelector("[data-app-split-whole]");
    var parts = fieldset.querySelector("[data-app-split-parts]");
    if (!toggle || !whole || !parts) {
      return;
    }
    function apply() {
      whole.hidden = toggle.checked;
      parts.hidden = !toggle.checked;
    }
    toggle.addEventListener("change", apply);
    apply();
  }

  function ready(fn) {
    if (document.readyState !== "loading") {
      fn();
    } else {
      document.addEventListener("DOMContentLoaded", fn);
    }
  }

  ready(function () {
    document.querySelectorAll("[data-app-filter-list]").forEach(addFilter);
    document.querySelectorAll("[data-app-split]").forEach(splitToggle);
  });
})();
