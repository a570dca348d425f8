// Lentera's script. Every page works without it; with it, the server learns how long a module was open, quiz answers
// are saved as they are given, a course can be saved for offline reading, and what is recorded offline waits on the
// device until the connection returns.

// What was recorded offline (heartbeats, "Tandai selesai", quiz autosaves), kept in localStorage in the order it
// happened and sent when the connection returns: on every page load, on the browser's `online` event, and on a timer
// that backs off while the page is open. One item per key (`detak:<visit>`, `selesai:<module>`, `simpan:<attempt>`):
// a newer one replaces the older, since the server needs only the latest (heartbeats count by sequence number, a mark
// is a mark, an autosave carries every answer of the form). Each is sent under the account that recorded it, with the
// token of the session open now (from /api/sesi), and removed once the server answered it: 2xx or 3xx (done), 4xx
// (refused for good: submitted, past the deadline, not the caller's) except 401, 403 and 429, after which it waits
// for a sign-in or for later. Sending twice is harmless by the server's rules: a heartbeat at or below the visit's
// last sequence adds nothing, a module is marked done once, an autosave stores the same answers again.
var Luring = (function () {
  "use strict";
  var storageKey = "lentera:antrean";
  var owned = {};       // keys a page's own code sends (the quiz form it shows), skipped by replay
  var replaying = null;
  var delay = 0;
  var timer = null;

  function read() {
    try { return JSON.parse(window.localStorage.getItem(storageKey) || "[]") || []; } catch (error) { return []; }
  }
  function write(items) {
    try {
      if (items.length) window.localStorage.setItem(storageKey, JSON.stringify(items));
      else window.localStorage.removeItem(storageKey);
      return true;
    } catch (error) { return false; }
  }
  // The signed-in account the page was made for (the sign-out form's data-akun), or "".
  function account() {
    var out = document.querySelector('form[action="/keluar"][data-akun]');
    return out ? out.dataset.akun : "";
  }
  // Keeps an item to send later; false when it cannot be kept (no account on the page, no storage).
  function add(key, url, body, headers) {
    var who = account();
    if (!who || !window.localStorage) return false;
    var items = read().filter(function (item) { return item.key !== key; });
    items.push({ key: key, url: url, body: String(body), headers: headers || {}, account: who,
                 id: Date.now() + "-" + Math.random().toString(36).slice(2) });
    return write(items);
  }
  function find(key) {
    var who = account();
    return read().filter(function (item) { return item.key === key && item.account === who; })[0] || null;
  }
  function remove(key, id) {
    write(read().filter(function (item) { return !(item.key === key && (!id || item.id === id)); }));
  }
  // One sender at a time across tabs where the browser has Web Locks; elsewhere the server's rules make a repeat harmless.
  function locked(work) {
    if (navigator.locks && navigator.locks.request) {
      return navigator.locks.request("lentera-antrean", { ifAvailable: true }, function (lock) { return lock ? work() : []; });
    }
    return work();
  }
  // What may be sent again, by the kind of item: anyone at the computer can write into localStorage, so an item is
  // sent only as one of the three requests this script queues (its address, fields and headers checked and rebuilt),
  // never as whatever POST an item names, with the next person's token.
  var kinds = {
    detak: { path: /^\/api\/detak$/, fields: ["sesi", "urutan"], headers: {} },
    selesai: { path: /^\/kursus\/[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+\/selesai$/, fields: [], headers: {} },
    simpan: {
      path: /^\/kursus\/[A-Za-z0-9._-]+\/kuis\/[A-Za-z0-9._-]+\/percobaan\/[0-9]+$/, fields: null,
      headers: { "X-Lentera-Autosave": "1" }, set: { aksi: "simpan" }
    }
  };
  // The request an item stands for, rebuilt from its kind; null for an item this script would not have written.
  function request(item, session) {
    var kind = kinds[String(item.key).split(":")[0]];
    var url;
    try { url = new URL(String(item.url), window.location.origin); } catch (error) { return null; }
    if (!kind || url.origin !== window.location.origin || url.search || url.hash || !kind.path.test(url.pathname)) return null;
    var given = new URLSearchParams(String(item.body));
    var body = new URLSearchParams();
    given.forEach(function (value, name) {
      if (name !== "csrf" && name !== "aksi" && (!kind.fields || kind.fields.indexOf(name) >= 0)) body.append(name, value);
    });
    Object.keys(kind.set || {}).forEach(function (name) { body.set(name, kind.set[name]); });
    body.set("csrf", session.csrf);
    return { url: url.pathname, body: body, headers: kind.headers };
  }
  function sendNext(session, sent) {
    var item = read().filter(function (entry) { return entry.account === session.account && !owned[entry.key]; })[0];
    if (!item) return Promise.resolve(sent);
    var post = request(item, session);
    if (!post) { remove(item.key, item.id); return sendNext(session, sent); }  // not ours: dropped, never sent
    return fetch(post.url, {
      method: "POST", body: post.body, credentials: "same-origin", headers: post.headers, redirect: "manual"
    }).then(function (response) {
      var status = response.type === "opaqueredirect" ? 303 : response.status;
      if (status >= 500 || status === 401 || status === 403 || status === 408 || status === 429) return sent;
      remove(item.key, item.id);
      return sendNext(session, sent.concat([item]));
    }, function () { return sent; });  // the connection dropped again: the rest waits
  }
  // Sends what waits; resolves to the items sent (none when offline, signed out or nothing waits).
  function replay() {
    if (replaying) return replaying;
    var mine = account();
    var mineWaiting = read().some(function (item) { return item.account === mine && !owned[item.key]; });
    if (!window.fetch || !mineWaiting) return Promise.resolve([]);
    if (timer) { clearTimeout(timer); timer = null; }
    replaying = locked(function () {
      return fetch("/api/sesi", { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } })
        .then(function (response) { return response.status === 200 && !response.redirected ? response.json() : null; })
        .then(function (session) { return session && session.csrf ? sendNext(session, []) : []; });
    }).catch(function () { return []; }).then(function (sent) {
      replaying = null;
      var waiting = read().some(function (item) { return item.account === mine && !owned[item.key]; });
      if (waiting) later(); else delay = 0;
      if (sent.length) document.dispatchEvent(new CustomEvent("lentera:terkirim", { detail: sent }));
      return sent;
    });
    return replaying;
  }
  // Tries again while the page is open: 15 s, doubling up to 2 minutes.
  function later() {
    if (timer) return;
    delay = Math.min(delay ? delay * 2 : 15000, 120000);
    timer = setTimeout(function () { timer = null; replay(); }, delay);
  }
  window.addEventListener("online", function () { delay = 0; replay(); });
  return {
    add: add, find: find, remove: remove, replay: replay, later: later, account: account,
    own: function (key) { owned[key] = true; }
  };
})();

// Time on page as heartbeats: the server learns how long a module was open. Each heartbeat carries an increasing
// sequence number, so a repeated one never counts twice. The server credits at most a minute per heartbeat, counted
// by its own clock, so a heartbeat that could not be sent is kept (only the latest of the visit) and sent later.
(function () {
  "use strict";
  quiz();
  markDone();
  offlineReading();
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
  var key = "detak:" + visit;
  var failing = false;
  function next() {
    var numbers = sent();
    sequence = Math.max(sequence, Number(numbers[visit]) || 0) + 1;
    numbers[visit] = sequence;
    var visits = Object.keys(numbers);
    if (visits.length > 20) delete numbers[visits[0]];  // the visit written first
    try { localStorage.setItem("lentera-detak", JSON.stringify(numbers)); } catch (e) { /* storage off or full */ }
    return new URLSearchParams({ sesi: visit, urutan: String(sequence), csrf: panel.dataset.csrf });
  }
  function keep(body) {
    failing = true;
    if (Luring.add(key, panel.dataset.detak, body)) Luring.later();
  }
  // While the page is open, a heartbeat asks for the module's progress back and shows it, so that a module completed
  // by time moves on as it is read.
  function beat() {
    if (!window.fetch) { leave(); return; }
    var body = next();
    fetch(panel.dataset.detak, {
      method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" }
    }).then(function (response) {
      if (response.status >= 500 || response.status === 429) { keep(body); return null; }
      failing = false;
      return response.status === 200 && !response.redirected ? response.json() : null;
    }).then(function (progress) { if (progress) show(progress); }, function () { keep(body); });
  }
  // When the page is hidden or closed, a beacon: the browser sends it even then, and no answer is read. Offline, the
  // heartbeat is kept instead.
  function leave() {
    var body = next();
    if (failing || navigator.onLine === false) keep(body); else navigator.sendBeacon(panel.dataset.detak, body);
  }
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
// the browser is back online and on a timer that backs off, until the answers are stored; it is also kept on the
// device, so that answers given on a page closed offline are put back into the form and saved when it is opened
// again (or sent by any other page once the connection returns). Only saves are ever repeated, never a submission.
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
  var key = "simpan:" + form.action;
  Luring.own(key);  // this page sends its own form's saves; replay leaves them alone
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
      if (response.status === 409) { Luring.remove(key); window.location.reload(); return; }  // submitted or timed out elsewhere
      // Success is the server's own 204: a redirect (to the sign-in page, after a session ended) stored nothing.
      if (response.ok && !response.redirected) {
        delay = 0;
        stored = sent;
        if (changes === sent) { Luring.remove(key); show(texts.saved); return; }
      } else if (response.status >= 500 || response.status === 429) {
        show(texts.offline);  // the server or its proxy cannot answer now: the same as offline
        Luring.add(key, form.action, body, { "X-Lentera-Autosave": "1" });
        retryLater();
        return;
      } else {
        // Refused (a bad answer, an ended session): the Save button shows why. An ended session's save is kept, to
        // be sent once the learner has signed in again.
        if (response.status === 403) Luring.add(key, form.action, body, { "X-Lentera-Autosave": "1" });
        show(texts.failed);
        if (changes === sent) return;
      }
      save();                 // answers changed while this save was under way
    }, function () {
      clearTimeout(timeout);
      saving = false;
      if (submitting) return;
      show(texts.offline);
      Luring.add(key, form.action, body, { "X-Lentera-Autosave": "1" });
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
  // Answers given when this attempt was last open and not sent yet: back into the form, and saved now.
  var unsent = Luring.find(key);
  if (unsent) {
    restoreAnswers(form, new URLSearchParams(unsent.body));
    changes += 1;
    save();
  }
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

// Puts a form's answers as an autosave sent them back into its fields (checked answers, disabled, stay as they are).
function restoreAnswers(form, values) {
  "use strict";
  Array.prototype.forEach.call(form.elements, function (field) {
    if (!field.name || field.disabled || field.type === "hidden" || field.type === "submit" || field.type === "button") return;
    var given = values.getAll(field.name);
    if (field.type === "radio" || field.type === "checkbox") {
      field.checked = given.indexOf(field.value) >= 0;
    } else if (field.multiple) {
      Array.prototype.forEach.call(field.options, function (option) { option.selected = given.indexOf(option.value) >= 0; });
    } else if (given.length) {
      field.value = given[0];
    }
  });
}

// "Tandai selesai" sent with fetch, so that offline the mark is kept and sent later instead of lost on the browser's
// error page. Without JavaScript the form posts as it always did.
function markDone() {
  "use strict";
  var panel = document.getElementById("kemajuan");
  var form = panel && panel.querySelector('form[action$="/selesai"]');
  if (!form || !window.fetch) return;
  var key = "selesai:" + form.action;
  function queued() {
    var notice = document.createElement("p");
    notice.className = "notice offline-queued";
    notice.setAttribute("role", "status");
    notice.textContent = panel.dataset.antre || "";
    form.parentNode.insertBefore(notice, form);
    form.hidden = true;
  }
  if (Luring.find(key)) queued();  // marked on a copy opened offline before, not sent yet
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var body = new URLSearchParams(new FormData(form));
    function keep() {
      if (!Luring.add(key, form.action, body)) { form.submit(); return; }
      queued();
      Luring.replay();  // a page kept from another session: sent at once with this session's token, if there is one
    }
    fetch(form.action, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" }).then(function (response) {
      var status = response.type === "opaqueredirect" ? 303 : response.status;
      if (status < 400) { window.location.reload(); return; }
      if (status >= 500 || status === 401 || status === 403 || status === 408 || status === 429) { keep(); return; }
      form.submit();  // refused for good: the server's page says why
    }, keep);
  });
  // Sent from here or another page: the page as the server now has it.
  document.addEventListener("lentera:terkirim", function (event) {
    if (event.detail.some(function (item) { return item.key === key; })) window.location.reload();
  });
}

// Offline reading: "Simpan untuk dibaca luring" on a course page, shown only where service workers run. The pages,
// images, attachments and assets /api/luring/<id> lists are fetched one at a time (a weak link does better with one
// transfer than with many that time out) into the cache `lentera-course-<id>`, the list last; public/sw.js answers
// from it offline. Pages are fetched with `X-Lentera-Luring`, so that saving is no visit. On every page: what waits
// is sent, another person's copies go (someone signed in without the last person signing out), and signing out sends
// what waits first (the answer to it clears the device).
function offlineReading() {
  "use strict";
  var out = document.querySelector('form[action="/keluar"][data-akun]');
  if (out && window.localStorage && window.caches) {
    try {
      var known = window.localStorage.getItem("lentera:akun");
      if (known && known !== out.dataset.akun) {
        caches.keys().then(function (names) {
          names.forEach(function (name) { if (name.indexOf("lentera-") === 0) caches.delete(name); });
        });
      }
      window.localStorage.setItem("lentera:akun", out.dataset.akun);
    } catch (error) { /* storage refused: nothing kept, nothing to clear */ }
  }
  if (out) {
    var leaving = false;
    out.addEventListener("submit", function (event) {
      if (leaving || !window.fetch) return;
      event.preventDefault();
      leaving = true;
      var go = function () { if (out.dataset.sent) return; out.dataset.sent = "1"; out.submit(); };
      setTimeout(go, 5000);
      Luring.replay().then(go, go);
    });
  }
  // What was recorded offline has reached the server: a module page says so (one whose own mark was sent reloads).
  document.addEventListener("lentera:terkirim", function () {
    var progress = document.getElementById("kemajuan");
    if (!progress || !progress.dataset.terkirim) return;
    var notice = document.createElement("p");
    notice.className = "done";
    notice.setAttribute("role", "status");
    notice.textContent = progress.dataset.terkirim;
    progress.appendChild(notice);
  });
  Luring.replay();
  var panel = document.querySelector("section[data-luring]");
  if (!panel || !("serviceWorker" in navigator) || !window.caches || !window.fetch) return;
  var name = "lentera-course-" + panel.dataset.kursus;
  var listURL = new URL(panel.dataset.luring, window.location.href).href;
  var save = panel.querySelector("[data-simpan]");
  var savedPart = panel.querySelector("[data-tersimpan]");
  var remove = panel.querySelector("[data-hapus]");
  var status = panel.querySelector("[data-status-luring]");
  var label = save.textContent;
  panel.hidden = false;
  function shown(saved, text) {
    savedPart.hidden = !saved;
    save.textContent = saved ? panel.dataset.update : label;
    if (text !== undefined) status.textContent = text;
  }
  function register() {
    return navigator.serviceWorker.register("/sw.js");
  }
  caches.has(name).then(function (has) {
    return has ? caches.open(name).then(function (cache) { return cache.match(listURL); }) : null;
  }).then(function (list) {
    if (!list) return;
    shown(true, panel.dataset.saved);
    register().catch(function () {});  // the worker as the server has it now
  });
  save.addEventListener("click", function () {
    save.disabled = true;
    status.textContent = panel.dataset.saving;
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () {});
    var cache;
    var list;
    register().then(function () {
      return fetch(listURL, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } });
    }).then(function (response) {
      if (response.status !== 200 || response.redirected) throw new Error("list " + response.status);
      return response.json();
    }).then(function (answer) {
      list = answer;
      return caches.open(name);
    }).then(function (opened) {
      cache = opened;
      var done = 0;
      return list.files.reduce(function (previous, file) {
        return previous.then(function () {
          // A page fetched to keep is not the one the browser shows: it bypasses the browser's HTTP cache both ways.
          var mode = file.url.indexOf("/kursus/") === 0 ? "no-store" : "no-cache";
          return fetch(file.url, { credentials: "same-origin", cache: mode, headers: { "X-Lentera-Luring": "1" } });
        }).then(function (response) {
          if (response.status !== 200 || response.redirected) throw new Error(file.url + " " + response.status);
          return cache.put(file.url, response);
        }).then(function () {
          done += 1;
          status.textContent = panel.dataset.saving + " " + done + "/" + list.files.length;
        });
      }, Promise.resolve());
    }).then(function () {
      // The list last: its presence says the copy is complete.
      return cache.put(listURL, new Response(JSON.stringify(list), { headers: { "Content-Type": "application/json" } }));
    }).then(function () {
      shown(true, panel.dataset.saved);
    }, function () {
      status.textContent = panel.dataset.failed;
      // A first copy left half-made goes; an earlier complete copy (its list is still there) stays.
      if (cache) cache.match(listURL).then(function (earlier) { if (!earlier) caches.delete(name); });
    }).then(function () { save.disabled = false; });
  });
  remove.addEventListener("click", function () {
    caches.delete(name).then(function () {
      return caches.keys();
    }).then(function (names) {
      var anyLeft = names.some(function (other) { return other.indexOf("lentera-course-") === 0; });
      if (!anyLeft) caches.delete("lentera-aset");
      shown(false, panel.dataset.removed);
    });
  });
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
