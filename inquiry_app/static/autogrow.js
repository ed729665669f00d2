/* Textbereiche mit der Klasse app-autogrow wachsen mit ihrem Inhalt. Browser mit
   "field-sizing: content" (app.css) brauchen das nicht; für die anderen setzt dieses Skript
   die Höhe nach jeder Eingabe auf die Höhe des Inhalts. Ohne JavaScript bleibt das Feld
   so groß wie seine Zeilenzahl und lässt sich von Hand vergrößern. */
(function () {
  "use strict";
  if (window.CSS && CSS.supports && CSS.supports("field-sizing", "content")) { return; }

  function grow(area) {
    area.style.height = "auto";
    area.style.height = area.scrollHeight + 2 + "px";
  }

  function setup(area) {
    area.style.overflowY = "hidden";
    grow(area);
    area.addEventListener("input", function () { grow(area); });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("textarea.app-autogrow"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
