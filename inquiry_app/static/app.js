/* Anfragen – kleine progressive Verbesserungen. Die Anwendung funktioniert ohne JavaScript. */
(function () {
  "use strict";

  function ready(fn) {
    if (document.readyState !== "loading") {
      fn();
    } else {
      document.addEventListener("DOMContentLoaded", fn);
    }
  }

  ready(function () {
    // Fehlerzusammenfassung (forms.error_summary) beim Laden fokussieren,
    // damit Screenreader und Tastatur direkt dort starten.
    var summary = document.querySelector("[data-app-autofocus]");
    if (summary) {
      summary.focus();
    }

    // Links in der Fehlerzusammenfassung: Eingabefeld fokussieren und
    // dessen Beschriftung mit in den sichtbaren Bereich holen.
    document.addEventListener("click", function (event) {
      var link = event.target.closest(".app-error-summary a[href^='#']");
      if (!link) {
        return;
      }
      var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!input) {
        return;
      }
      event.preventDefault();
      var container = input.closest("fieldset, .app-field") || input;
      container.scrollIntoView({ block: "start" });
      input.focus({ preventScroll: true });
      if (history.replaceState) {
        history.replaceState(null, "", link.hash);
      }
    });
  });
})();
