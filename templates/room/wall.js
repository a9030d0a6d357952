/* The wall: redrawn from the laptop whenever the room changes (server-sent events), and its timer ticking
   every second. The board arrives as HTML the server escaped; nothing here builds markup from text. */
(function () {
  "use strict";
  var frame = document.querySelector(".frame[data-events]");
  if (!frame) { return; }
  var live = document.getElementById("live");
  var joined = document.getElementById("joined");
  var shown = frame.getAttribute("data-version");
  var loading = false, wanted = null;

  function two(n) { return (n < 10 ? "0" : "") + n; }
  function tick() {
    var timer = document.getElementById("timer");
    if (!timer || !timer.getAttribute("data-ends")) { return; }
    var left = Math.round((Date.parse(timer.getAttribute("data-ends")) - Date.now()) / 1000);
    var over = left < 0, s = Math.abs(left);
    timer.textContent = (over ? "-" : "") + two(Math.floor(s / 60)) + ":" + two(s % 60);
    timer.className = over ? "timer over" : "timer";
  }
  setInterval(tick, 1000);
  tick();

  /* Cards that do not fit their cell at this projector's size are hidden whole and counted in the cell's
     "… and N more" line, added to those the laptop already left out: nothing is cut silently. */
  function fit() {
    var cells = document.querySelectorAll(".cell"), i, j;
    for (i = 0; i < cells.length; i++) {
      var list = cells[i].querySelector("ul"), more = cells[i].querySelector(".more");
      if (!list || !more) { continue; }
      var items = list.children, hidden = 0, bottom = list.getBoundingClientRect().bottom;
      for (j = 0; j < items.length; j++) { items[j].hidden = false; }
      for (j = items.length - 1; j >= 0; j--) {
        if (items[j].getBoundingClientRect().bottom <= bottom + 1 || j === 0) { break; }
        items[j].hidden = true;
        hidden += 1;
        bottom = list.getBoundingClientRect().bottom;
      }
      var n = parseInt(more.getAttribute("data-more"), 10) + hidden;
      more.textContent = n ? more.getAttribute("data-words").replace("{n}", String(n)) : "";
    }
  }
  window.addEventListener("resize", fit);
  fit();

  function load(version) {
    if (loading) { wanted = version; return; }
    loading = true;
    var request = new XMLHttpRequest();
    request.open("GET", frame.getAttribute("data-board"));
    request.onload = function () {
      loading = false;
      if (request.status === 200) {
        live.innerHTML = request.responseText;  /* server-rendered, every participant text escaped */
        shown = version;
        frame.setAttribute("data-version", version);
        tick();
        fit();
      }
      if (wanted !== null && wanted !== shown) { var next = wanted; wanted = null; load(next); }
    };
    request.onerror = function () { loading = false; };
    request.send();
  }

  if (window.EventSource) {
    var events = new EventSource(frame.getAttribute("data-events"));
    events.onmessage = function (message) {
      var state;
      try { state = JSON.parse(message.data); } catch (e) { return; }
      if (!state.open) { events.close(); return; }
      if (joined && state.joined) { joined.textContent = state.joined; }
      if (String(state.version) !== String(shown)) { load(String(state.version)); }
    };
  }
})();
