// Lentera's service worker: the courses a learner saved ("Simpan untuk dibaca luring") open without a connection.
//
// Served from /sw.js, the root, so that it may control every page. It fills no cache by itself at install: lentera.js
// keeps a course in the cache `lentera-course-<id>` when the learner saves it (the list from /api/luring/<id>, kept last,
// says the copy is complete), and this worker answers from it when the server cannot be reached.
//   - Pages and course files: network first, so that a learner online always sees fresh, personal pages; the copy of a
//     saved course is brought up to date with each page of it the learner opens, and answers when the network fails
//     (or the server's proxy answers 5xx).
//   - Versioned assets (/aset/<digest>/...): cache first, since their URL changes with their content.
//   - Never a POST (forms, heartbeats and autosaves go to the server, and lentera.js queues them offline), never /api/,
//     never a page that is not personal (an anonymous page never replaces a learner's copy).
// Signing out sends `Clear-Site-Data: "cache", "storage"`, which removes these caches and this worker.
"use strict";

var COURSE = "lentera-course-";
var ASSETS = "lentera-aset";

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) return;
  if (request.headers.has("X-Lentera-Luring")) return;  // lentera.js saving a course: straight to the server
  if (url.pathname.indexOf("/aset/") === 0) { event.respondWith(assetFirst(request)); return; }
  var course = courseOf(url.pathname);
  if (course) { event.respondWith(networkFirst(request, course)); return; }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(function () { return offlinePage(); }));
  }
});

// The course a page or file belongs to: /kursus/<id>[/...] or /berkas/<id>/...; null for anything else.
function courseOf(path) {
  var match = /^\/(kursus|berkas)\/([A-Za-z0-9._-]+)(\/|$)/.exec(path);
  return match ? match[2] : null;
}

// The key a page or file is kept under: its address without the query (`?umpan-balik=terima-kasih`).
function keyOf(request) {
  var url = new URL(request.url);
  return url.origin + url.pathname;
}

function networkFirst(request, course) {
  return caches.has(COURSE + course).then(function (saved) {
    return fetch(request).then(function (response) {
      if (response.status >= 500) {
        return fromCache(request).then(function (cached) { return cached || response; });
      }
      if (saved && keepable(response)) {
        var copy = response.clone();
        caches.open(COURSE + course).then(function (cache) { return cache.put(keyOf(request), copy); }).catch(function () {});
      }
      return response;
    }, function (error) {
      return fromCache(request).then(function (cached) {
        if (cached) return cached;
        if (request.mode === "navigate") return offlinePage();
        throw error;
      });
    });
  });
}

// Whether a fresh answer may replace the kept copy: a whole 200 of this site, and for a page one made for the learner
// (`Cache-Control: private`), never the anonymous page a visitor gets once a session has ended.
// Never a page the server says must not be stored (`no-store`: forms with secrets), nor one reached by a redirect.
// Under a quiz, only an attempt in progress is kept, so that it can be answered offline; never a result or review
// (they show the answer key), which a closed attempt's address redirects to.
var ATTEMPT = /^\/kursus\/[^/]+\/kuis\/[^/]+\/percobaan\/[0-9]+$/;
function keepable(response) {
  if (response.status !== 200 || response.type !== "basic" || response.redirected) return false;
  var path = new URL(response.url).pathname;
  if (/\/kuis(\/|$)/.test(path)) return ATTEMPT.test(path);
  var cacheControl = response.headers.get("Cache-Control") || "";
  if (cacheControl.indexOf("no-store") >= 0) return false;
  var type = response.headers.get("Content-Type") || "";
  return type.indexOf("text/html") !== 0 || cacheControl.indexOf("private") >= 0;
}

// The server's policies, put again on every answer from a kept copy: what a cache holds could have been written by
// anyone at this computer (the browser's console), so a kept page never runs more than the server would let it.
var PAGE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
var FILE_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "font-src 'self'; frame-ancestors 'self'";
function withPolicy(response, path, body, status, extra) {
  var headers = new Headers(response.headers);
  Object.keys(extra || {}).forEach(function (name) { headers.set(name, extra[name]); });
  headers.set("Content-Security-Policy", path.indexOf("/berkas/") === 0 ? FILE_POLICY : PAGE_POLICY);
  headers.set("X-Content-Type-Options", "nosniff");
  return new Response(body, { status: status || response.status, headers: headers });
}

function fromCache(request) {
  var path = new URL(request.url).pathname;
  var course = courseOf(path);
  if (!course) return Promise.resolve(null);
  return caches.open(COURSE + course).then(function (cache) {
    return cache.match(keyOf(request), { ignoreSearch: true, ignoreVary: true });
  }).then(function (cached) {
    if (!cached) return null;
    var range = request.headers.get("Range");
    if (!range || cached.status !== 200) return withPolicy(cached, path, cached.body);
    // Video and audio ask for byte ranges: answer them from the kept file.
    return cached.blob().then(function (blob) {
      var answer = partial(blob, range, cached.headers.get("Content-Type"));
      return withPolicy(answer, path, answer.body);
    });
  });
}

function partial(blob, range, type) {
  var size = blob.size;
  var match = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  var headers = { "Content-Type": type || "application/octet-stream", "Accept-Ranges": "bytes" };
  if (!match || (match[1] === "" && match[2] === "")) return new Response(blob, { status: 200, headers: headers });
  var start, end;
  if (match[1] === "") {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || start > end) {
    return new Response(null, { status: 416, headers: { "Content-Range": "bytes */" + size } });
  }
  headers["Content-Range"] = "bytes " + start + "-" + end + "/" + size;
  headers["Content-Length"] = String(end - start + 1);
  return new Response(blob.slice(start, end + 1), { status: 206, headers: headers });
}

// Assets at their current version are kept in `lentera-aset` as they are fetched, so that pages of a saved course
// brought up to date after an upgrade still find their stylesheet and script offline.
//
// A kept asset is used only when its bytes still have the digest its address names (/aset/<first 12 hex digits of
// SHA-256>/...): a script written into a cache by someone else at this computer is never run.
function assetFirst(request) {
  var version = (/^\/aset\/([0-9a-f]{12})\//.exec(new URL(request.url).pathname) || [])[1];
  return keptAsset(request, version).then(function (cached) {
    if (cached) return cached;
    return fetch(request).then(function (response) {
      if (response.status === 200 && (response.headers.get("Cache-Control") || "").indexOf("immutable") >= 0) {
        var copy = response.clone();
        caches.keys().then(function (names) {
          var anySaved = names.some(function (name) { return name.indexOf(COURSE) === 0; });
          if (anySaved) return caches.open(ASSETS).then(function (cache) { return cache.put(request, copy); });
        }).catch(function () {});
      }
      return response;
    });
  });
}

// The first kept copy of an asset (in Lentera's own caches) whose bytes match `version`; null when there is none.
function keptAsset(request, version) {
  if (!version || !self.crypto || !crypto.subtle) return Promise.resolve(null);
  return caches.keys().then(function (names) {
    var own = names.filter(function (name) { return name === ASSETS || name.indexOf(COURSE) === 0; });
    return own.reduce(function (found, name) {
      return found.then(function (answer) {
        if (answer) return answer;
        return caches.open(name).then(function (cache) { return cache.match(request, { ignoreVary: true }); })
          .then(function (cached) { return cached && cached.status === 200 ? verified(cached, version) : null; });
      });
    }, Promise.resolve(null));
  }).catch(function () { return null; });
}

function verified(cached, version) {
  return cached.clone().arrayBuffer().then(function (bytes) { return crypto.subtle.digest("SHA-256", bytes); })
    .then(function (digest) {
      var hex = Array.prototype.map.call(new Uint8Array(digest), function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
      return hex.slice(0, 12) === version ? cached : null;
    });
}

// The courses kept on this device, from the list each copy holds: [{title, href, style}].
function savedCourses() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) { return name.indexOf(COURSE) === 0; }).map(function (name) {
      var id = name.slice(COURSE.length);
      return caches.open(name).then(function (cache) {
        return cache.match(self.location.origin + "/api/luring/" + id);
      }).then(function (kept) {
        return kept ? kept.json() : null;
      }).then(function (list) {
        if (!list) return null;
        var style = (list.files || []).filter(function (file) { return /\/style\.css$/.test(file.url); })[0];
        return { title: list.title || id, href: "/kursus/" + id, style: style ? style.url : null };
      }).catch(function () { return null; });
    }));
  }).then(function (courses) { return courses.filter(Boolean); });
}

function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
  });
}

// A page not kept, asked for offline: says so in both languages and leads to the courses that are kept.
function offlinePage() {
  return savedCourses().catch(function () { return []; }).then(function (courses) {
    var style = courses.length && courses[0].style ? '<link rel="stylesheet" href="' + escapeHTML(courses[0].style) + '">' : "";
    var items = courses.map(function (course) {
      return '<li><a href="' + escapeHTML(course.href) + '">' + escapeHTML(course.title) + "</a></li>";
    }).join("");
    var html = '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">' +
      '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Luring · Lentera</title>' + style +
      '</head><body><main id="isi"><h1>Luring <span lang="en">· Offline</span></h1>' +
      "<p>Halaman ini belum disimpan di perangkat ini dan server tidak dapat dihubungi.</p>" +
      '<p lang="en">This page is not saved on this device and the server cannot be reached.</p>' +
      (items ? '<h2>Tersimpan di perangkat ini <span lang="en">· Saved on this device</span></h2><ul>' + items + "</ul>" : "") +
      "</main></body></html>";
    return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
  });
}
