// Lentera: time on page as heartbeats. Pages work without this script; with it, the server learns how long a
// module was open. Each heartbeat carries an increasing sequence number, so a repeated one never counts twice.
(function () {
  "use strict";
  quiz();
  var panel = document.getElementById("kemajuan");
  if (!panel || !panel.dataset.sesi || !navigator.sendBeacon) return;
  // A page opened again in the same sitting continues its visit: its heartbeats go on from the last one counted,
  // or from the last one this browser sent, when the page is a copy the browser kept (Back shows one without asking
  // the server) or the visit is open in another tab too: a number the server has seen would not count.
  var visit = panel.dataset.sesi;
  var sequence = Math.max(Number(panel.dataset.urutan) || 0, Number(sent()[visit]) || 0);
  function sent() {
    try {
      var numbers = JSON.parse(localStorage.getItem("lentera-detak"));
      return numbers && typeof numbers === "object" ? numbers : {};
    } catch (e) {
      return {};
    }
  }
  function next() {
    var numbers = sent();
    sequence = Math.max(sequence, Number(numbers[visit]) || 0) + 1;
    numbers[visit] = sequence;
    var visits = Object.keys(numbers);
    if (visits.length > 20) delete numbers[visits[0]];  // the visit written first
    try { localStorage.setItem("lentera-detak", JSON.stringify(numbers)); } catch (e) { /* storage off or full */ }
    return new URLSearchParams({ sesi: visit, urutan: String(sequence), csrf: panel.dataset.csrf });
  }
  // While the page is open, a heartbeat asks for the module's progress back and shows it, so that a module completed
  // by time moves on as it is read. A heartbeat that fails is not repeated: the next one counts the time since.
  function beat() {
    if (!window.fetch) { leave(); return; }
    fetch(panel.dataset.detak, {
      method: "POST", body: next(), credentials: "same-origin", headers: { Accept: "application/json" }
    }).then(function (response) {
      return response.status === 200 && !response.redirected ? response.json() : null;
    }).then(function (progress) { if (progress) show(progress); }, function () {});
  }
  // When the page is hidden or closed, a beacon: the browser sends it even then, and no answer is read.
  function leave() { navigator.sendBeacon(panel.dataset.detak, next()); }
  function show(progress) {
    var percent = Math.max(0, Math.min(100, Math.floor(Number(progress.percent)) || 0));
    var bar = panel.querySelector("progress");
    if (bar) { bar.value = percent; bar.textContent = percent + "%"; }
    var label = panel.querySelector("strong");  // "Kemajuan: 40%"
    if (label) label.textContent = label.textContent.replace(/\d+%$/, percent + "%");
    if (progress.complete && panel.dataset.selesai) {
      var done = document.createElement("p");
      done.className = "done";
      done.setAttribute("role", "status");
      done.textContent = panel.dataset.selesai;
      var first = panel.querySelector("p");
      panel.insertBefore(done, first ? first.nextSibling : null);
      delete panel.dataset.selesai;
    }
  }
  var timer = setInterval(function () { if (document.visibilityState === "visible") beat(); }, 30000);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") leave(); });
  window.addEventListener("pagehide", function () { clearInterval(timer); leave(); });
})();

// Quizzes: every change is saved as it is given (the form also works without this, by its Save button), and the
// server's deadline is counted down; at zero the attempt is submitted, and the server grades what was saved.
// A save that cannot reach the server (offline, a dropped link, a proxy without its upstream) is tried again when
// the browser is back online and on a timer that backs off, until the answers are stored; only saves are ever
// repeated, never a submission.
function quiz() {
  "use strict";
  var form = document.querySelector("form.quiz-form");
  if (!form || !window.fetch) return;
  var status = form.querySelector("[data-status-simpan]");
  var english = document.documentElement.lang === "en";
  var texts = {
    saved: (status && status.dataset.saved) || (english ? "Saved." : "Tersimpan."),
    offline: (status && status.dataset.offline) || (english ? "Offline: not saved yet." : "Luring: belum tersimpan."),
    failed: (status && status.dataset.failed) || (english ? "Not saved." : "Belum tersimpan.")
  };
  function show(text) { if (status) status.textContent = text; }
  var pending = null;
  var submitting = false;
  var changes = 0;       // counts every change to the answers
  var stored = 0;        // the count of changes the server has confirmed storing
  var saving = false;    // one save at a time, so that an older one never lands after a newer one
  var retry = null;
  var delay = 0;         // the next retry's wait: 2 s, doubling up to a minute
  function save() {
    pending = null;
    if (submitting) return;
    if (saving) return;  // the save under way sends again when it ends if anything changed meanwhile
    if (retry) { clearTimeout(retry); retry = null; }
    saving = true;
    var sent = changes;
    var body = new URLSearchParams(new FormData(form));
    body.set("aksi", "simpan");
    // A request that hangs on a weak link is given up after 20 s and tried again, rather than waited for forever.
    var abort = window.AbortController ? new AbortController() : null;
    var timeout = abort ? setTimeout(function () { abort.abort(); }, 20000) : null;
    fetch(form.action, {
      method: "POST", body: body, credentials: "same-origin", headers: { "X-Lentera-Autosave": "1" },
      signal: abort ? abort.signal : undefined
    }).then(function (response) {
      clearTimeout(timeout);
      saving = false;
      if (submitting) return;  // the page is on its way to the result
      if (response.status === 409) { window.location.reload(); return; }  // submitted or timed out elsewhere
      // Success is the server's own 204: a redirect (to the sign-in page, after a session ended) stored nothing.
      if (response.ok && !response.redirected) {
        delay = 0;
        stored = sent;
        if (changes === sent) { show(texts.saved); return; }
      } else if (response.status >= 500 || response.status === 429) {
        show(texts.offline);  // the server or its proxy cannot answer now: the same as offline
        retryLater();
        return;
      } else {
        show(texts.failed);   // refused (a bad answer, an ended session): the Save button shows why
        if (changes === sent) return;
      }
      save();                 // answers changed while this save was under way
    }, function () {
      clearTimeout(timeout);
      saving = false;
      if (submitting) return;
      show(texts.offline);
      retryLater();
    });
  }
  function changed() {
    if (submitting) return;
    changes += 1;
    if (pending) clearTimeout(pending);
    pending = setTimeout(save, 800);
  }
  function retryLater() {
    if (submitting || retry) return;
    delay = Math.min(delay ? delay * 2 : 2000, 60000);
    retry = setTimeout(save, delay);  // save() clears `retry`
  }
  form.addEventListener("change", changed);
  form.addEventListener("input", changed);
  // Back online: what is still unsaved goes now, not at the end of the back-off.
  window.addEventListener("online", function () {
    delay = 0;
    if (stored !== changes && !saving) save();
  });
  form.addEventListener("submit", function () {
    submitting = true;
    if (pending) clearTimeout(pending);
    if (retry) clearTimeout(retry);
  });
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

// Print buttons (the password slips, a certificate): the page's security policy refuses inline script, so they are
// wired here; without JavaScript they stay hidden and the browser's own Print works.
(function () {
  var buttons = document.querySelectorAll("[data-print]");
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].hidden = false;
    buttons[i].addEventListener("click", function () { window.print(); });
  }
})();
