/*
 * Data notes page: a checkbox that shows only the statements with a problem (不一致, 取决于读法).
 * Without JavaScript the checkbox stays hidden and the page still lists each report's problems
 * first, with the statements that agree folded away below them.
 * Self-hosted, no dependencies. Runs on each page load (also with Material's instant loading).
 */
(function () {
  "use strict";

  // A link to a statement that agrees (from a region page) opens the fold it sits in.
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    var fold = target && target.closest("details");
    if (fold && !fold.open) {
      fold.open = true;
      target.scrollIntoView();
    }
  }

  function enhance() {
    openTarget();
    var notes = document.querySelector(".bq-notes");
    var filter = document.querySelector(".bq-notes__filter");
    if (!notes || !filter || filter.getAttribute("data-ready")) { return; }
    var box = filter.querySelector("input");
    filter.hidden = false;
    filter.setAttribute("data-ready", "1");
    box.addEventListener("change", function () {
      notes.classList.toggle("bq-notes--problems-only", box.checked);
    });
  }

  window.addEventListener("hashchange", openTarget);

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
