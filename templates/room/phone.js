/* The phone page, where JavaScript runs: ideas are sent without leaving the page and retried with the same
   key until the laptop says "received" (so a retry never records twice), and the page follows the room's
   step over server-sent events. Without JavaScript (or fetch) the plain forms do the same job. ES5 only:
   old Android browsers read it. */
(function () {
  "use strict";
  var main = document.querySelector("main[data-events]");
  if (!main) { return; }
  var title = document.getElementById("step-title");
  var step = title ? title.getAttribute("data-step") : "";

  function newKey() {
    var bytes = new Uint8Array(16), out = "", i;
    if (window.crypto && window.crypto.getRandomValues) { window.crypto.getRandomValues(bytes); }
    else { for (i = 0; i < 16; i++) { bytes[i] = Math.floor(Math.random() * 256); } }
    for (i = 0; i < 16; i++) { out += ("0" + bytes[i].toString(16)).slice(-2); }
    return out;
  }

  var form = document.getElementById("idea-form");
  if (form && window.fetch && window.FormData) {
    var status = document.getElementById("idea-status");
    var text = document.getElementById("text");
    var button = form.querySelector("button");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!text.value.replace(/\s+/g, "")) { text.focus(); return; }
      var data = new FormData(form), tries = 0, sent = text.value;
      button.disabled = true;
      status.className = "status";
      status.textContent = form.getAttribute("data-sending") || "…";
      function attempt() {
        tries += 1;
        fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                             headers: { "Accept": "application/json" } })
          .then(function (response) {
            return response.json().then(function (body) { return { ok: response.ok, status: response.status, body: body }; });
          })
          .then(function (answer) {
            if (answer.ok) {
              var li = document.createElement("li"), list = document.getElementById("mine");
              li.textContent = sent;  /* text, never HTML */
              if (list) { list.insertBefore(li, list.firstChild); }
              var count = document.getElementById("mine-count");
              if (count && list) { count.textContent = String(list.children.length); }
              if (text.value === sent) { text.value = ""; }
              form.querySelector("input[name=key]").value = newKey();
              status.className = "status received";
              status.textContent = "\u2714 " + answer.body.message;
              button.disabled = false;
            } else if (answer.status >= 500 || answer.status === 429) {
              retry();
            } else {
              status.className = "status error";
              status.textContent = answer.body.message;
              button.disabled = false;
            }
          })
          .catch(retry);
      }
      function retry() {
        if (tries >= 8) {
          status.className = "status error";
          status.textContent = form.getAttribute("data-failed") || "!";
          button.disabled = false;
          return;
        }
        status.textContent = (form.getAttribute("data-retrying") || "…") + " (" + tries + ")";
        setTimeout(attempt, Math.min(8000, 500 * Math.pow(2, tries - 1)));
      }
      attempt();
    });
  }

  if (window.EventSource) {
    var moved = document.getElementById("moved");
    var events = new EventSource(main.getAttribute("data-events"));
    events.onmessage = function (message) {
      var state;
      try { state = JSON.parse(message.data); } catch (e) { return; }
      if (!state.open) { events.close(); return; }
      if (state.step !== step) {
        var typing = document.getElementById("text");
        if (typing && typing.value.replace(/\s+/g, "")) { if (moved) { moved.hidden = false; } }
        else { window.location.replace(window.location.pathname); }
      }
    };
  }
})();
