/* Druckansicht: die Schaltfläche „Drucken“ öffnet den Druckdialog des Browsers
   (ohne JavaScript bleibt sie verborgen; gedruckt wird dann über das Browsermenü). */
(function () {
  "use strict";
  document.querySelectorAll(".app-print-button").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
