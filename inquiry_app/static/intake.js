/* Zerlegung: Cursorposition je Frage merken, damit "An Cursorposition teilen" weiß, wo. */
(function () {
  "use strict";
  function remember(event) {
    var area = event.target;
    var target = area.getAttribute && area.getAttribute("data-cursor-target");
    if (!target) { return; }
    var field = document.getElementById(target);
    if (field) { field.value = String(area.selectionStart); }
  }
  ["keyup", "click", "select", "focusout"].forEach(function (name) {
    document.addEventListener(name, remember, true);
  });
})();
