/* Staff console live updates: short polling, no page reload.
 *
 * A page that has an element with data-live="<seconds>" fetches itself again every so often
 * (while visible) and swaps in the fresh server-rendered parts marked data-live-part="<name>".
 * A part marked data-live-append (a transcript) only gets its new lines appended, so what staff
 * read does not jump, and the newest line is scrolled into view. Forms outside the parts (the
 * reply box) are never touched, so nothing staff are typing is lost. The server renders every
 * part; this script only moves them, and fails quietly (the next poll tries again).
 */
(function () {
  "use strict";
  var live = document.querySelector("[data-live]");
  if (!live || !window.fetch || !window.DOMParser) return;
  var every = Math.max(2, parseInt(live.getAttribute("data-live"), 10) || 5) * 1000;
  var running = false;

  // Lines carry their place in the whole transcript (data-i): only later ones are new.
  function appendNew(current, fresh) {
    var seen = -1;
    Array.prototype.forEach.call(current.children, function (li) {
      seen = Math.max(seen, parseInt(li.getAttribute("data-i"), 10));
    });
    var last = null;
    Array.prototype.forEach.call(fresh.children, function (li) {
      if (parseInt(li.getAttribute("data-i"), 10) > seen) {
        last = document.importNode(li, true);
        current.appendChild(last);
      }
    });
    if (last) {
      last.classList.add("new");
      last.scrollIntoView({ block: "nearest" });
    }
  }

  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    document.querySelectorAll("[data-live-part]").forEach(function (el) {
      var name = el.getAttribute("data-live-part");
      var fresh = doc.querySelector('[data-live-part="' + name + '"]');
      if (!fresh) return;
      if (el.hasAttribute("data-live-append")) appendNew(el, fresh);
      else if (el.innerHTML !== fresh.innerHTML) el.replaceWith(document.importNode(fresh, true));
    });
  }

  function tick() {
    if (running || document.hidden) return;
    running = true;
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store",
                                  redirect: "manual" })
      .then(function (r) {
        if (r.status !== 200) throw new Error("status " + r.status);  // e.g. logged out
        return r.text();
      })
      .then(swap)
      .catch(function () { /* offline or signed out for a moment: try again next time */ })
      .then(function () { running = false; });
  }

  window.setInterval(tick, every);
  document.addEventListener("visibilitychange", tick);
})();
