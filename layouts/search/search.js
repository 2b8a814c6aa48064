// Search for a mimeo site, run in the reader's browser: reads the index that search-index.js put
// in window.MIMEO_SEARCH and shows matches under the search form as the reader types.
// Plain ES2017 with no modules, fetch or eval, so it runs from file:// under the site's CSP
// (script-src 'self' file:). Without JavaScript the form simply submits to the tactics page.
/* global window, document */
(function () {
  "use strict";

  // Must match normaliseTerm in src/search/terms.ts, or typed words won't find indexed ones.
  var COMBINING_MARKS = /[\u0300-\u036f]/g;
  var LIGATURE_PATTERN = /[\u0153\u00e6\u00df\u00f8\u0142\u0131]/g;
  var LIGATURES = {
    "\u0153": "oe",
    "\u00e6": "ae",
    "\u00df": "ss",
    "\u00f8": "o",
    "\u0142": "l",
    "\u0131": "i",
  };
  var MAX_RESULTS = 50;
  var DELAY_MS = 60;

  function normaliseTerm(term) {
    var lower = term.toLowerCase();
    if (lower.normalize) lower = lower.normalize("NFD");
    return lower.replace(COMBINING_MARKS, "").replace(LIGATURE_PATTERN, function (letter) {
      return LIGATURES[letter] || letter;
    });
  }

  /** Only "../" steps: anything else in data-root would let a page point links elsewhere. */
  function rootOf(form) {
    var root = form.getAttribute("data-root") || "";
    return /^(\.\.\/)*$/.test(root) ? root : "";
  }

  /** A document URL is relative to the site root; refuse schemes and absolute paths. */
  function isSiteRelative(url) {
    return typeof url === "string" && url !== "" && !/^([a-z][a-z0-9+.-]*:|\/|\\)/i.test(url);
  }

  function queryFromLocation() {
    var match = /[?&]q=([^&#]*)/.exec(window.location.search);
    if (!match) return "";
    try {
      return decodeURIComponent(match[1].replace(/\+/g, " "));
      // eslint-disable-next-line @typescript-eslint/no-unused-vars -- ES2017 needs the binding
    } catch (error) {
      return "";
    }
  }

  function clear(element) {
    while (element.firstChild) element.removeChild(element.firstChild);
  }

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function start() {
    var data = window.MIMEO_SEARCH;
    var MiniSearch = window.MiniSearch;
    var form = document.querySelector("form.search");
    var output = document.getElementById("search-results");
    if (!data || !MiniSearch || !form || !output) return;
    var input = form.querySelector('input[name="q"]');
    if (!input) return;

    var stopWords = {};
    data.stopWords.forEach(function (word) {
      stopWords[word] = true;
    });
    var options = {
      fields: data.fields,
      storeFields: [],
      processTerm: function (term) {
        var normal = normaliseTerm(term);
        return normal === "" || stopWords[normal] ? null : normal;
      },
      searchOptions: data.options,
    };
    var engine = MiniSearch.loadJS
      ? MiniSearch.loadJS(data.index, options)
      : MiniSearch.loadJSON(JSON.stringify(data.index), options);
    var root = rootOf(form);
    var timer = 0;

    function show(query) {
      clear(output);
      if (query.trim() === "") return;
      var hits = engine.search(query, data.options).filter(function (hit) {
        var card = data.docs[hit.id];
        return card && isSiteRelative(card.url);
      });
      var count =
        hits.length === 0
          ? data.words.none
          : hits.length === 1
            ? data.words.one
            : data.words.many.replace("{n}", String(hits.length));
      output.appendChild(element("p", "search-count", count));
      if (hits.length === 0) return;
      var list = element("ul", "search-hits");
      hits.slice(0, MAX_RESULTS).forEach(function (hit) {
        var card = data.docs[hit.id];
        var item = element("li");
        var link = element("a", "", card.title);
        link.setAttribute("href", root + card.url);
        item.appendChild(link);
        if (card.kind) item.appendChild(element("span", "meta", " " + card.kind));
        if (card.summary) item.appendChild(element("p", "summary", card.summary));
        list.appendChild(item);
      });
      output.appendChild(list);
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        show(input.value);
      }, DELAY_MS);
    });
    // With the script running, results appear here; without it, the form goes to the tactics page.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(timer);
      show(input.value);
    });

    var initial = queryFromLocation();
    if (initial !== "" && input.value === "") input.value = initial;
    if (input.value !== "") show(input.value);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
