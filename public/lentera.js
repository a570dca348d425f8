// Lentera: time on page as heartbeats. Pages work without this script; with it, the server learns how long a
// module was open. Each heartbeat carries an increasing sequence number, so a repeated one never counts twice.
(function () {
  "use strict";
  quiz();
  var panel = document.getElementById("kemajuan");
  if (!panel || !panel.dataset.sesi || !navigator.sendBeacon) return;
  // A page opened again in the same sitting continues its visit: its heartbeats go on from the last one counted.
  var sequence = Number(panel.dataset.urutan) || 0;
  function beat() {
    sequence += 1;
    var body = new URLSearchParams({ sesi: panel.dataset.sesi, urutan: String(sequence), csrf: panel.dataset.csrf });
    navigator.sendBeacon(panel.dataset.detak, body);
  }
  var timer = setInterval(function () { if (document.visibilityState === "visible") beat(); }, 30000);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") beat(); });
  window.addEventListener("pagehide", function () { clearInterval(timer); beat(); });
})();

// Quizzes: every change is saved as it is given (the form also works without this, by its Save button), and the
// server's deadline is counted down; at zero the attempt is submitted, and the server grades what was saved.
function quiz() {
  "use strict";
  var form = document.querySelector("form.quiz-form");
  if (!form || !window.fetch) return;
  var status = form.querySelector("[data-status-simpan]");
  var pending = null;
  var submitting = false;
  function save() {
    pending = null;
    var body = new URLSearchParams(new FormData(form));
    body.set("aksi", "simpan");
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Lentera-Autosave": "1" } })
      .then(function (response) {
        if (status) status.textContent = response.ok ? (document.documentElement.lang === "en" ? "Saved." : "Tersimpan.") : "";
        if (response.status === 409) window.location.reload();
      })
      .catch(function () { if (status) status.textContent = document.documentElement.lang === "en" ? "Offline: not saved yet." : "Luring: belum tersimpan."; });
  }
  function later() {
    if (pending) clearTimeout(pending);
    pending = setTimeout(save, 800);
  }
  form.addEventListener("change", later);
  form.addEventListener("input", later);
  form.addEventListener("submit", function () { submitting = true; if (pending) clearTimeout(pending); });
  var clock = document.getElementById("hitung-mundur");
  if (!clock) return;
  var shown = clock.querySelector("[data-sisa]");
  // Counted from the seconds the server said were left, so a wrong clock on the device does not matter.
  var end = Date.now() + Number(clock.dataset.remaining) * 1000;
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    var minutes = Math.floor(left / 60);
    var seconds = left % 60;
    if (shown) shown.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
    if (left <= 0 && !submitting) {
      submitting = true;
      var button = form.querySelector('button[value="kumpulkan"]');
      if (button) button.click(); else form.submit();
      return;
    }
    setTimeout(tick, 1000);
  }
  tick();
}

// Print buttons (the password slips): the page's security policy refuses inline script, so they are wired here;
// without JavaScript they stay hidden and the browser's own Print works.
(function () {
  var buttons = document.querySelectorAll("[data-print]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () { window.print(); });
  }
})();
