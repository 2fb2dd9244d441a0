/*
 * "如何引用": the page's own entries (GB/T 7714 [EB/OL] and APA) carry the reader's access date.
 * The build cannot know it (the same data builds the same site), so the entries are built with the
 * data release date and this script puts today's date in their place, in the text shown and in
 * what the copy button copies. Without JavaScript the entries keep the release date and the note
 * below them says to change it.
 *   pre.bq-cite[data-accessed="YYYY-MM-DD"][data-style="gbt"|"apa"] -> its date becomes today's
 *   .bq-cite-note                                                     -> says which date is which
 * Self-hosted, no dependencies. Runs on each page load (also with Material's instant loading).
 */
(function () {
  "use strict";

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  function iso(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate());
  }

  // "2024-12-01" -> "December 1, 2024" (APA's "Retrieved" date).
  function english(text) {
    var parts = text.split("-");
    return MONTHS[parseInt(parts[1], 10) - 1] + " " + parseInt(parts[2], 10) + ", " + parts[0];
  }

  function update() {
    var today = iso(new Date());
    var entries = document.querySelectorAll("pre.bq-cite[data-accessed]");
    entries.forEach(function (pre) {
      var code = pre.querySelector("code");
      var was = pre.getAttribute("data-accessed");
      if (!code || was === today) { return; }
      var text = code.textContent;
      code.textContent = pre.getAttribute("data-style") === "apa"
        ? text.replace("Retrieved " + english(was) + ",", "Retrieved " + english(today) + ",")
        : text.replace("[" + was + "]", "[" + today + "]");
      pre.setAttribute("data-accessed", today);
    });
    var note = document.querySelector(".bq-cite-note");
    if (note && entries.length) {
      var words = document.getElementById("bq-text");
      var text = words ? JSON.parse(words.textContent).cite_today : "";
      note.textContent = text.replace("{today}", today).replace("{release}", note.getAttribute("data-release"));
    }
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(update);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", update);
  } else {
    update();
  }
})();
