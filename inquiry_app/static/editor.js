/* Antwort-Editor: Live-Vorschau, automatisches Speichern, Textbausteine.
   Ohne JavaScript funktioniert das Formular vollständig über die Schaltflächen. */
(function () {
  "use strict";
  var AUTOSAVE_MS = 15000;
  var PREVIEW_MS = 400;

  function setup(form) {
    var text = form.querySelector("textarea[name=text]");
    var preview = form.querySelector(".app-editor__preview");
    var status = form.querySelector(".app-editor__status");
    var version = form.querySelector("input[name=version]");
    var csrf = form.querySelector("input[name=csrf_token]");
    var lastSaved = text.value;
    var previewTimer = null;
    var conflict = false;

    function post(url, data) {
      var body = new FormData();
      body.append("csrf_token", csrf.value);
      Object.keys(data).forEach(function (k) { body.append(k, data[k]); });
      return fetch(url, { method: "POST", body: body, credentials: "same-origin",
                          headers: { "X-Requested-With": "fetch" } });
    }

    function say(message) { if (status) { status.textContent = message; } }

    function refreshPreview() {
      if (!preview || !form.dataset.previewUrl) { return; }
      post(form.dataset.previewUrl, { text: text.value })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data) { preview.innerHTML = data.html; } })
        .catch(function () {});
    }

    text.addEventListener("input", function () {
      clearTimeout(previewTimer);
      previewTimer = setTimeout(refreshPreview, PREVIEW_MS);
    });

    function autosave() {
      if (conflict || !form.dataset.autosaveUrl || text.value === lastSaved) { return; }
      var sent = text.value;
      post(form.dataset.autosaveUrl, { text: sent, version: version.value })
        .then(function (r) { return r.json().then(function (d) { return { ok: r.ok, data: d }; }); })
        .then(function (res) {
          if (res.ok) {
            lastSaved = sent;
            if (res.data.version) { version.value = res.data.version; }
            if (res.data.message) {
              say(res.data.message + " " + new Date().toLocaleTimeString("de-DE", { hour: "2-digit", minute: "2-digit" }) + " Uhr");
            }
          } else {
            if (res.data.status === "conflict") { conflict = true; }
            say(res.data.message || "Automatisches Speichern fehlgeschlagen.");
          }
        })
        .catch(function () { say("Automatisches Speichern nicht möglich (keine Verbindung). Bitte speichern Sie von Hand."); });
    }
    setInterval(autosave, AUTOSAVE_MS);
    form.addEventListener("submit", function () { conflict = true; });

    var insert = form.querySelector(".app-editor__insert");
    var select = form.querySelector("#block");
    if (insert && select) {
      insert.hidden = false;
      insert.addEventListener("click", function () {
        var option = select.options[select.selectedIndex];
        if (!option) { return; }
        var block = option.getAttribute("data-text") || "";
        var start = text.selectionStart, end = text.selectionEnd;
        var before = text.value.slice(0, start), after = text.value.slice(end);
        var sep = before && !/\n\n$/.test(before) ? "\n\n" : "";
        text.value = before + sep + block + (after ? "\n\n" : "") + after;
        text.focus();
        text.dispatchEvent(new Event("input"));
        say("Textbaustein „" + option.textContent + "“ eingefügt.");
      });
    }
  }

  document.querySelectorAll("form.app-editor").forEach(setup);
})();
