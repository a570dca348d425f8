// Lentera: time on page as heartbeats. Pages work without this script; with it, the server learns how long a
// module was open. Each heartbeat carries an increasing sequence number, so a repeated one never counts twice.
(function () {
  "use strict";
  var panel = document.getElementById("kemajuan");
  if (!panel || !panel.dataset.sesi || !navigator.sendBeacon) return;
  var sequence = 0;
  function beat() {
    sequence += 1;
    var body = new URLSearchParams({ sesi: panel.dataset.sesi, urutan: String(sequence), csrf: panel.dataset.csrf });
    navigator.sendBeacon(panel.dataset.detak, body);
  }
  var timer = setInterval(function () { if (document.visibilityState === "visible") beat(); }, 30000);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") beat(); });
  window.addEventListener("pagehide", function () { clearInterval(timer); beat(); });
})();
