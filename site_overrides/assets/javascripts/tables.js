/*
 * Progressive enhancement of the ranking tables: sort by any column, filter by province.
 * Without JavaScript every table is complete and readable; this script only adds controls.
 *   .bq-sortable                      -> column headers become sort buttons
 *   .bq-table[data-filter-column="N"] -> a select that shows only rows whose column N matches
 * The first sortable table's sort and filter are kept in the URL (?province=浙江&sort=较上届&order=desc),
 * so a sorted, filtered view can be linked (issue 16).
 * Self-hosted, no dependencies. Runs on each page load (also with Material's instant loading).
 */
(function () {
  "use strict";

  // The words of the controls, in the page's language (main.html writes them from the catalogue).
  var words = document.getElementById("bq-text");
  var TEXT = words ? JSON.parse(words.textContent) : {};

  function cellText(row, index) {
    var cell = row.cells[index];
    return cell ? cell.textContent.trim() : "";
  }

  // Numbers sort as numbers; "↑3" sorts as +3, "→" (unchanged) as 0 and "↓3" as -3; empty cells,
  // "—" and new, returned or moved entries (新, 回, 转入) sort last in either direction.
  function sortKey(text) {
    var match = text.match(/^([↑↓])(\d+)$/);
    if (match) { return (match[1] === "↑" ? 1 : -1) * parseInt(match[2], 10); }
    if (text === "→") { return 0; }
    if (/^-?\d+(\.\d+)?%?$/.test(text)) { return parseFloat(text); }
    return null;
  }

  function compare(a, b, numeric, descending) {
    if (numeric) {
      if (a.key === null && b.key === null) { return 0; }
      if (a.key === null) { return 1; }
      if (b.key === null) { return -1; }
      return descending ? b.key - a.key : a.key - b.key;
    }
    var order = a.text.localeCompare(b.text, "zh-Hans-CN");
    return descending ? -order : order;
  }

  function linked(table) {
    return table === document.querySelector(".bq-sortable table");
  }

  function setParam(name, value) {
    var url = new URL(location.href);
    if (value) { url.searchParams.set(name, value); } else { url.searchParams.delete(name); }
    history.replaceState(history.state, "", url.href);
  }

  function sortBy(table, index, header, order) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var descending = order ? order === "desc" : header.getAttribute("aria-sort") === "ascending";
    var items = rows.map(function (row, position) {
      var text = cellText(row, index);
      return { row: row, text: text, key: sortKey(text), position: position };
    });
    var numeric = items.some(function (item) { return item.key !== null; });
    items.sort(function (a, b) {
      return compare(a, b, numeric, descending) || a.position - b.position;
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    items.forEach(function (item) { body.appendChild(item.row); });
    if (linked(table)) {
      setParam("sort", header.textContent.trim());
      setParam("order", descending ? "desc" : "asc");
    }
  }

  function makeSortable(table) {
    if (!table.tHead || table.dataset.bqSortable) { return; }
    table.dataset.bqSortable = "1";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "bq-sort";
      button.textContent = th.textContent.trim();
      button.title = TEXT.sort;
      button.addEventListener("click", function () { sortBy(table, index, th); });
      th.textContent = "";
      th.appendChild(button);
    });
  }

  function addFilter(wrapper, table, index) {
    if (!table.tBodies[0] || wrapper.dataset.bqFiltered) { return; }
    wrapper.dataset.bqFiltered = "1";
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var values = [];
    rows.forEach(function (row) {
      var text = cellText(row, index);
      if (text && values.indexOf(text) < 0) { values.push(text); }
    });
    values.sort(function (a, b) { return a.localeCompare(b, TEXT.sort_locale); });
    var box = document.createElement("div");
    box.className = "bq-filter";
    var label = document.createElement("label");
    label.textContent = TEXT.filter;
    var select = document.createElement("select");
    select.setAttribute("aria-label", TEXT.filter_aria);
    [""].concat(values).forEach(function (value) {
      var option = document.createElement("option");
      option.value = value;
      option.textContent = value || TEXT.filter_all;
      select.appendChild(option);
    });
    var count = document.createElement("span");
    count.setAttribute("aria-live", "polite");
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var visible = !select.value || cellText(row, index) === select.value;
        row.hidden = !visible;
        if (visible) { shown += 1; }
      });
      count.textContent = TEXT.rows.replace("{shown}", shown).replace("{total}", rows.length);
    }
    select.addEventListener("change", function () {
      apply();
      if (linked(table)) { setParam("province", select.value); }
    });
    var wanted = linked(table) ? new URL(location.href).searchParams.get("province") : null;
    // ?province=浙江 (the short name people type) selects 浙江省; an exact name wins.
    var match = wanted ? (values.indexOf(wanted) >= 0 ? [wanted] : values.filter(function (v) {
      return v.indexOf(wanted) === 0;
    })) : [];
    if (match.length === 1) { select.value = match[0]; apply(); }
    label.appendChild(select);
    box.appendChild(label);
    box.appendChild(count);
    wrapper.insertBefore(box, wrapper.firstChild);
  }

  function applySortParam() {
    var table = document.querySelector(".bq-sortable table");
    var params = new URL(location.href).searchParams;
    var wanted = params.get("sort");
    if (!table || !table.tHead || !wanted) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (th.textContent.trim() === wanted) { sortBy(table, index, th, params.get("order") || "asc"); }
    });
  }

  // A table wider than the screen scrolls inside Material's box; keyboard users reach that box with
  // Tab (axe: scrollable-region-focusable, issue 16). Boxes that fit are no tab stop.
  function markScrollable() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", TEXT.scroll);
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  function enhance() {
    markScrollable();
    document.querySelectorAll(".bq-sortable table").forEach(makeSortable);
    applySortParam();
    document.querySelectorAll(".bq-table[data-filter-column]").forEach(function (wrapper) {
      var table = wrapper.querySelector("table");
      if (table) { addFilter(wrapper, table, parseInt(wrapper.getAttribute("data-filter-column"), 10)); }
    });
  }

  window.addEventListener("resize", markScrollable);

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
}());
