/*
 * Search box additions (issue 16). Loaded before Material's bundle.
 *  1. Material's search index (search/search_index.json) is requested only when the search box is
 *     first used: the request Material makes at start-up is held until then.
 *  2. Places are ranked by a small index of names, codes, pinyin and initials (assets/generated/
 *     places.json, build_scripts/place_search.py, also loaded on first use) and listed above
 *     Material's results: exact name first, then unique prefixes, former names and codes, pinyin
 *     initials, and names one character off (typos).
 *  3. Results follow every change of the box (the input event), not only key-ups.
 * Self-hosted, no dependencies; without JavaScript the header links to the place index instead.
 */
(function () {
  "use strict";

  var INDEX = /\/search\/search_index\.json$/;
  var MAX_PLACES = 8;
  var held = [];
  var released = false;
  var places = null;
  var labels = { places: "", former: "", separator: "" };  // the result list's words, from the index (one per language)
  var placesLoading = null;
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;

  XMLHttpRequest.prototype.open = function (method, url) {
    this.bqLazy = INDEX.test(String(url).split("?")[0]);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.bqLazy && !released) { held.push([this, arguments]); return undefined; }
    return send.apply(this, arguments);
  };

  function siteBase() {
    var config = document.getElementById("__config");
    var base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), location.href);
  }

  function loadPlaces() {
    if (!placesLoading) {
      placesLoading = fetch(new URL("assets/generated/places.json", siteBase()))
        .then(function (response) { return response.json(); })
        .then(function (data) { places = data.places; labels = data.labels; return data; });
    }
    return placesLoading;
  }

  function release() {
    if (!released) {
      released = true;
      held.splice(0).forEach(function (request) { send.apply(request[0], request[1]); });
    }
    loadPlaces();
  }

  // Levenshtein distance, stopping early above 1 (only "one character off" counts as a typo).
  function oneOff(a, b) {
    if (Math.abs(a.length - b.length) > 1) { return false; }
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) { i += 1; }
    var restA = a.slice(i + 1);
    var restB = b.slice(i + 1);
    return restA === restB || a.slice(i) === restB || restA === b.slice(i);
  }

  function startsWithAny(list, query) {
    return list.some(function (value) { return value.indexOf(query) === 0; });
  }

  // Lower is better; null for no match.
  function score(place, q) {
    if (place.n === q) { return 0; }
    if (place.s === q || place.f.indexOf(q) >= 0 || place.c.indexOf(q) >= 0) { return 1; }
    if (place.n.indexOf(q) === 0 || place.s.indexOf(q) === 0 || place.p === q) { return 2; }
    if (place.i === q || (q.length >= 2 && place.p.indexOf(q) === 0)) { return 3; }
    if (place.k && q.length >= 4 && startsWithAny(place.k, q)) { return 3; }
    if (startsWithAny(place.f, q) || (q.length >= 2 && place.i.indexOf(q) === 0)) { return 4; }
    if (/^\d{4,}$/.test(q) && startsWithAny(place.c, q)) { return 4; }
    if (q.length >= 2 && place.n.indexOf(q) >= 0) { return 5; }
    var latin = /^[a-z]+$/.test(q);
    if (!latin && q.length >= 2 && (oneOff(q, place.s) || oneOff(q, place.n))) { return 6; }
    if (latin && q.length >= 4 && oneOff(q, place.p)) { return 6; }
    return null;
  }

  function rankPlaces(query) {
    // Spaces, tone marks and apostrophes dropped: "Zhāng jiā gǎng" and "zhang jia gang" are zhangjiagang (ü is v, as in the registry's pinyin).
    var q = query.replace(/[üǖǘǚǜ]/gi, "v").normalize("NFD").replace(/[\u0300-\u036f'’\s]+/g, "").toLowerCase();
    if (!q || !places) { return []; }
    var found = [];
    places.forEach(function (place) {
      var s = score(place, q);
      if (s !== null) { found.push({ place: place, score: s }); }
    });
    found.sort(function (a, b) {
      return a.score - b.score || (a.place.b || 999) - (b.place.b || 999) ||
        a.place.n.length - b.place.n.length || (a.place.c[0] < b.place.c[0] ? -1 : 1);
    });
    return found.slice(0, MAX_PLACES).map(function (item) { return item.place; });
  }

  function placeBox() {
    var result = document.querySelector("[data-md-component=search-result]");
    if (!result) { return null; }
    var box = result.querySelector(".bq-places");
    if (!box) {
      box = document.createElement("div");
      box.className = "bq-places";
      box.setAttribute("aria-live", "polite");
      result.insertBefore(box, result.firstChild);
    }
    return box;
  }

  function render(query) {
    var box = placeBox();
    if (!box) { return; }
    var found = rankPlaces(query);
    box.textContent = "";
    if (!found.length) { box.hidden = true; return; }
    box.hidden = false;
    var heading = document.createElement("div");
    heading.className = "md-search-result__meta";
    heading.textContent = labels.places;
    var list = document.createElement("ol");
    list.className = "md-search-result__list bq-places__list";
    found.forEach(function (place) {
      var item = document.createElement("li");
      item.className = "md-search-result__item";
      var link = document.createElement("a");
      link.className = "md-search-result__link bq-places__link";
      link.href = new URL(place.u, siteBase()).href;
      var article = document.createElement("article");
      article.className = "md-search-result__article md-typeset";
      var name = document.createElement("h1");
      name.textContent = place.n;
      var detail = document.createElement("p");
      detail.textContent = place.d + " · " + place.c[0] +
        (place.f.length ? " · " + labels.former + " " + place.f.join(labels.separator) : "");
      article.appendChild(name);
      article.appendChild(detail);
      link.appendChild(article);
      item.appendChild(link);
      list.appendChild(item);
    });
    box.appendChild(heading);
    box.appendChild(list);
  }

  function onInput(event) {
    var input = event.target;
    release();
    loadPlaces().then(function () { render(input.value); });
    // Material reads the box on key-up; a change without one (paste, autofill, IME) updates it too.
    if (event.type === "input") { input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true })); }
  }

  function isSearchInput(target) {
    return target && target.matches && target.matches("[data-md-component=search-query]");
  }

  document.addEventListener("focusin", function (event) { if (isSearchInput(event.target)) { release(); } });
  document.addEventListener("input", function (event) { if (isSearchInput(event.target)) { onInput(event); } });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) { release(); }
  });
  // A link to a highlighted page (?h=…) needs the index at once; so does a query in the URL (?q=…).
  if (/[?&][hq]=/.test(location.search)) { release(); }

  // The 404 page's search form opens the header's search with its text.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-bq-search]")) { return; }
    var query = document.querySelector("[data-md-component=search-query]");
    var toggle = document.getElementById("__search");
    if (!query || !toggle) { return; }
    event.preventDefault();
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
    query.value = form.querySelector("input").value;
    query.focus();
    query.dispatchEvent(new Event("input", { bubbles: true }));
  });
}());
