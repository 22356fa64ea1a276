// Filters and search for the review page; the state lives in the URL hash (#status=fuzzy&finding=Q202&query=1&q=text)
// so a filtered view can be bookmarked or sent to a colleague.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.unit"));
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[name=status]"));
  var finding = document.getElementById("finding");
  var search = document.getElementById("search");
  var query = document.getElementById("query");
  var raw = document.getElementById("raw");
  var count = document.getElementById("count");

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  rows.forEach(function (row) { row.dataset.text = fold(row.textContent); });

  function matchesFinding(row, wanted) {
    var codes = row.dataset.codes ? row.dataset.codes.split(" ") : [];
    if (!wanted) return true;
    if (wanted === "any") return codes.length > 0;
    if (wanted === "none") return codes.length === 0;
    if (wanted === "error") return row.dataset.severities.split(" ").indexOf("error") >= 0;
    if (wanted === "accepted") return row.dataset.accepted !== "";
    return codes.indexOf(wanted) >= 0;
  }

  function apply(event) {
    var statuses = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    var words = fold(search.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var visible = statuses.indexOf(row.dataset.status) >= 0 && matchesFinding(row, finding.value) &&
        (!query.checked || row.dataset.queries !== "0") &&
        words.every(function (w) { return row.dataset.text.indexOf(w) >= 0; });
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    document.querySelectorAll("section.section, section.group").forEach(function (section) {
      section.hidden = !section.querySelector("tr.unit:not([hidden])");
    });
    document.querySelectorAll("details.raw").forEach(function (d) { d.open = raw.checked; });
    count.textContent = shown + " of " + rows.length + " units shown";
    document.getElementById("empty").hidden = shown > 0;
    if (event) saveHash(statuses);  // on load the hash may be a theme anchor: keep it
  }

  function saveHash(statuses) {
    var parts = [];
    if (statuses.length !== boxes.length) parts.push("status=" + statuses.join(","));
    if (finding.value) parts.push("finding=" + encodeURIComponent(finding.value));
    if (query.checked) parts.push("query=1");
    if (raw.checked) parts.push("raw=1");
    if (search.value) parts.push("q=" + encodeURIComponent(search.value));
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (hash !== location.hash) {
      history.replaceState(null, "", hash || location.pathname + location.search);
    }
  }

  function loadHash() {
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var kv = part.split("="), value = decodeURIComponent(kv[1] || "");
      if (kv[0] === "status") {
        var wanted = value.split(",");
        boxes.forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; });
      } else if (kv[0] === "finding") {
        finding.value = value;
      } else if (kv[0] === "query") {
        query.checked = value === "1";
      } else if (kv[0] === "raw") {
        raw.checked = value === "1";
      } else if (kv[0] === "q") {
        search.value = value;
      }
    });
  }

  form.addEventListener("input", apply);
  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  loadHash();
  apply();
})();
