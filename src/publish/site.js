// The public site's one script (src/publish/site.rs writes it): the
// catalogue's search as you type over the prebuilt index
// (data/katalog.js), and the directory's filters. No request leaves the
// page; every text shown is set with textContent.
(function () {
  'use strict';
  var wordsNode = document.getElementById('site-words');
  if (!wordsNode) return;
  var words = JSON.parse(wordsNode.textContent);
  var SHOWN = 50;

  // As the app folds (src/folding.rs, fold_plain): Turkish dotless and
  // dotted i as i, sharp s as ss, lower case, no diacritics.
  function fold(text) {
    return text
      .replace(/[ıİ]/g, 'i')
      .replace(/[ßẞ]/g, 'ss')
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '');
  }

  function say(key, count, shown) {
    if (count === 1 && words[key + 'One']) return words[key + 'One'];
    return words[key].replace('{count}', String(count)).replace('{shown}', String(shown));
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // Data as entered, in any script, isolated from the page's direction:
  // the block keeps the page's alignment, the text its own direction.
  function isolated(tag, className, text, lang) {
    var node = el(tag, className);
    var bdi = el('bdi', '', text);
    if (lang) bdi.lang = lang;
    node.appendChild(bdi);
    return node;
  }

  function fact(list, label, value, lang) {
    if (!value) return;
    var row = el('div');
    row.appendChild(el('dt', '', label));
    row.appendChild(isolated('dd', '', value, lang));
    list.appendChild(row);
  }

  // ---- Catalogue ----
  var form = document.getElementById('catalogue-form');
  var data = window.KIZ_CATALOGUE;
  if (form && data) {
    var query = document.getElementById('q');
    var level = document.getElementById('f-level');
    var language = document.getElementById('f-language');
    var group = document.getElementById('f-group');
    var audience = document.getElementById('f-audience');
    var count = document.getElementById('count');
    var results = document.getElementById('results');
    var audiences = {
      kinder: words.audienceKinder,
      jugendliche: words.audienceJugendliche,
      erwachsene: words.audienceErwachsene,
      alle: words.audienceAlle
    };
    var languageNames = words.languageNames || {};

    var levelText = function (from, to) {
      if (from === null && to === null) return '';
      var a = from === null ? to : from;
      var b = to === null ? from : to;
      return a === b ? data.levels[a] : data.levels[a] + '–' + data.levels[b];
    };

    var item = function (m) {
      // [title, subtitle, authors, group, from, to, languages, audience,
      //  description, on shelf, folded]
      var li = el('li');
      li.appendChild(isolated('h2', 'title', m[0]));
      if (m[1]) li.appendChild(isolated('p', 'subtitle', m[1]));
      if (m[2]) {
        var by = el('p', 'by');
        var parts = words.by.split('{authors}');
        by.appendChild(document.createTextNode(parts[0]));
        by.appendChild(el('bdi', '', m[2]));
        by.appendChild(document.createTextNode(parts[1] || ''));
        li.appendChild(by);
      }
      var facts = el('dl', 'facts');
      fact(facts, words.group, data.groups[String(m[3])], 'de');
      fact(facts, words.level, levelText(m[4], m[5]));
      fact(facts, words.languages, m[6] ? m[6].split(' ').map(function (c) {
        return languageNames[c] || c;
      }).join(words.comma) : '');
      fact(facts, words.audience, audiences[m[7]] || '');
      li.appendChild(facts);
      if (m[8]) li.appendChild(isolated('p', 'description', m[8], 'de'));
      li.appendChild(el('p', 'shelf ' + (m[9] ? 'on' : 'off'), m[9] ? words.onShelf : words.lent));
      return li;
    };

    var search = function () {
      var started = performance.now();
      var typed = fold(query.value).split(/\s+/).filter(Boolean);
      var wantLevel = level.value === '' ? null : Number(level.value);
      var wantLanguage = language.value;
      var wantGroup = group.value === '' ? null : Number(group.value);
      var wantAudience = audience.value;
      var media = data.media;
      var hits = 0;
      var shown = [];
      for (var i = 0; i < media.length; i++) {
        var m = media[i];
        if (wantGroup !== null && m[3] !== wantGroup) continue;
        if (wantAudience && m[7] !== wantAudience && m[7] !== 'alle') continue;
        if (wantLevel !== null) {
          var from = m[4] === null ? m[5] : m[4];
          var to = m[5] === null ? m[4] : m[5];
          if (from === null || wantLevel < from || wantLevel > to) continue;
        }
        if (wantLanguage && (' ' + m[6] + ' ').indexOf(' ' + wantLanguage + ' ') < 0) continue;
        var text = m[10];
        var all = true;
        for (var k = 0; k < typed.length; k++) {
          if (text.indexOf(typed[k]) < 0) { all = false; break; }
        }
        if (!all) continue;
        hits++;
        if (shown.length < SHOWN) shown.push(m);
      }
      var list = document.createDocumentFragment();
      shown.forEach(function (m) { list.appendChild(item(m)); });
      results.replaceChildren(list);
      count.textContent = hits === 0 ? words.noResults
        : hits > SHOWN ? say('resultsShown', hits, SHOWN) : say('results', hits, hits);
      // Read by the browser test and the benchmark: the search and the
      // list drawn, in milliseconds.
      document.documentElement.dataset.searchMs = (performance.now() - started).toFixed(2);
      document.documentElement.dataset.searchCount = String(hits);
    };

    form.addEventListener('submit', function (e) { e.preventDefault(); });
    query.addEventListener('input', search);
    [level, language, group, audience].forEach(function (s) { s.addEventListener('change', search); });
    search();
  }

  // ---- Directory ----
  var directory = document.getElementById('directory-form');
  if (directory) {
    var municipality = document.getElementById('f-municipality');
    var orgLanguage = document.getElementById('f-org-language');
    var kind = document.getElementById('f-kind');
    var orgCount = document.getElementById('org-count');
    var none = document.getElementById('no-organisations');
    var entries = Array.prototype.slice.call(document.querySelectorAll('#organisations > li'));
    var has = function (list, value) {
      return (' ' + list + ' ').indexOf(' ' + value + ' ') >= 0;
    };
    var filter = function () {
      var shown = 0;
      entries.forEach(function (li) {
        var ok = (!municipality.value || li.dataset.municipality === municipality.value)
          && (!orgLanguage.value || has(li.dataset.languages, orgLanguage.value))
          && (!kind.value || has(li.dataset.kinds, kind.value));
        li.hidden = !ok;
        if (ok) shown++;
      });
      orgCount.textContent = say('organisations', shown, shown);
      none.hidden = shown > 0;
    };
    directory.addEventListener('submit', function (e) { e.preventDefault(); });
    [municipality, orgLanguage, kind].forEach(function (s) { s.addEventListener('change', filter); });
  }
})();
