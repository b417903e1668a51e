/* Publishing Portal: the few things a reader's browser does. No framework,
   no network calls. Loaded in <head> so the chosen text size applies before
   the first paint. */
(function () {
  "use strict";
  var KEY = "portal.fontStep";
  var MIN = -1;
  var MAX = 4;
  var SCALES = [0.875, 1, 1.125, 1.25, 1.375, 1.5];
  var root = document.documentElement;

  function clamp(step) {
    return Math.max(MIN, Math.min(MAX, step));
  }

  function readStep() {
    var stored = null;
    try {
      stored = window.localStorage.getItem(KEY);
    } catch (e) {
      var match = document.cookie.match(/(?:^|; )fontStep=(-?\d+)/);
      stored = match ? match[1] : null;
    }
    var step = parseInt(stored, 10);
    return isNaN(step) ? 0 : clamp(step);
  }

  function saveStep(step) {
    try {
      window.localStorage.setItem(KEY, String(step));
    } catch (e) {
      document.cookie = "fontStep=" + step + "; path=/; max-age=31536000; SameSite=Lax";
    }
  }

  function apply(step) {
    root.style.setProperty("--text-scale", String(SCALES[step - MIN]));
    root.setAttribute("data-font-step", String(step));
  }

  function refreshButtons(step) {
    var buttons = document.querySelectorAll("[data-font-step]");
    for (var i = 0; i < buttons.length; i++) {
      var delta = parseInt(buttons[i].getAttribute("data-font-step"), 10);
      var atLimit = (delta > 0 && step >= MAX) || (delta < 0 && step <= MIN) || (delta === 0 && step === 0);
      buttons[i].setAttribute("aria-disabled", atLimit ? "true" : "false");
    }
  }

  function announce(text) {
    var status = document.querySelector(".toolbar-status");
    if (status) {
      status.textContent = text;
    }
  }

  function copy(text, done) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text, done); });
    } else {
      fallbackCopy(text, done);
    }
  }

  function fallbackCopy(text, done) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try {
      document.execCommand("copy");
    } catch (e) {
      /* the reader can still copy the address bar */
    }
    document.body.removeChild(area);
    done();
  }

  apply(readStep());

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("button, a") : null;
    if (!target) {
      return;
    }
    if (target.hasAttribute("data-font-step")) {
      var delta = parseInt(target.getAttribute("data-font-step"), 10);
      var step = delta === 0 ? 0 : clamp(readStep() + delta);
      saveStep(step);
      apply(step);
      refreshButtons(step);
      var status = document.querySelector(".toolbar-status");
      var label = status ? status.getAttribute("data-font-status") : "";
      announce(label + ": " + Math.round(SCALES[step - MIN] * 100) + "%");
    } else if (target.hasAttribute("data-print")) {
      window.print();
    } else if (target.getAttribute("data-share") === "zalo") {
      var url = target.getAttribute("data-url");
      if (navigator.share) {
        navigator.share({ title: target.getAttribute("data-title"), url: url }).catch(function () {});
      } else {
        copy(url, function () { announce(target.getAttribute("data-copied")); });
      }
    } else if (target.hasAttribute("data-copy-link")) {
      copy(target.getAttribute("data-url"), function () { announce(target.getAttribute("data-copied")); });
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    refreshButtons(readStep());
    /* The menu ships open so it works without scripts; phones fold it. */
    var menu = document.querySelector("details.menu");
    if (menu && window.matchMedia("(max-width: 59.99rem)").matches) {
      menu.removeAttribute("open");
    }
  });

  /* Another tab changed the size: follow it. */
  window.addEventListener("storage", function (event) {
    if (event.key === KEY) {
      var step = readStep();
      apply(step);
      refreshButtons(step);
    }
  });
})();
