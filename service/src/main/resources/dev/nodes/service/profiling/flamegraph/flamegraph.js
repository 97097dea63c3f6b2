// Interactive flame graph: click a frame to zoom into it (its ancestors stay, faded; frames outside its subtree
// are hidden), click the root or "Reset zoom" to go back; "Search" (or Ctrl-F) highlights the frames whose name
// contains a substring, or matches /regex/flags, and shows their share of the samples, each sample counted once
// even when matches nest; Escape undoes both. Reads the markup FlameGraphDocument writes: frames in preorder,
// root first.
(function () {
  'use strict';
  var svg = document.documentElement;
  var charWidth = parseFloat(svg.getAttribute('font-size')) * 0.6;
  var details = document.getElementById('details');
  var matched = document.getElementById('matched');
  var resetZoom = document.getElementById('reset-zoom');
  var resetSearch = document.getElementById('reset-search');
  var groups = document.getElementById('frames').children;
  var frames = [];
  var open = []; // the ancestors of the frame being read: in preorder, a frame's parent is the last one below it
  for (var i = 0; i < groups.length; i++) {
    var g = groups[i];
    var rect = g.querySelector('rect');
    var title = g.querySelector('title').textContent;
    var f = {
      index: i, g: g, rect: rect, text: g.querySelector('text'),
      name: title.split('\n')[0], info: title.replace('\n', ' | '),
      x: +rect.getAttribute('x'), y: +rect.getAttribute('y'), w: +rect.getAttribute('width'),
      samples: +g.getAttribute('data-s'), parent: null, end: i + 1
    };
    while (open.length && open[open.length - 1].y <= f.y) {
      open.pop();
    }
    f.parent = open.length ? open[open.length - 1] : null;
    open.push(f);
    for (var p = f.parent; p; p = p.parent) {
      p.end = i + 1; // frames [index + 1, end) are the subtree
    }
    frames.push(f);
    g.frame = f;
  }
  var root = frames[0];
  var rootLabel = root.text ? root.text.textContent : '';

  // the same rule as FlameGraphDocument.label
  function label(name, width) {
    var fits = Math.floor((width - 6) / charWidth);
    if (fits < 4) {
      return '';
    }
    if (name.length <= fits) {
      return name;
    }
    var cut = fits - 2;
    var code = name.charCodeAt(cut - 1);
    if (code >= 0xd800 && code <= 0xdbff) {
      cut--;
    }
    return name.substring(0, cut) + '..';
  }

  function show(f, x, w, cls) {
    f.rect.setAttribute('x', x.toFixed(2));
    f.rect.setAttribute('width', w.toFixed(2));
    f.g.classList.remove('h', 'p');
    if (cls) {
      f.g.classList.add(cls);
    }
    var text = f === root ? rootLabel : label(f.name, w);
    if (!f.text && text) {
      f.text = document.createElementNS('http://www.w3.org/2000/svg', 'text');
      f.text.setAttribute('y', (f.y + +f.rect.getAttribute('height') - 3.5).toFixed(1));
      f.g.appendChild(f.text);
    }
    if (f.text) {
      f.text.setAttribute('x', (x + 3).toFixed(2));
      f.text.textContent = text;
    }
  }

  function zoom(target) {
    var scale = root.w / target.w;
    frames.forEach(function (f) {
      f.g.classList.add('h');
    });
    for (var a = target.parent; a; a = a.parent) {
      show(a, root.x, root.w, 'p');
    }
    for (var j = target.index; j < target.end; j++) {
      var f = frames[j];
      show(f, root.x + (f.x - target.x) * scale, f.w * scale, '');
    }
    resetZoom.classList.remove('h');
  }

  function unzoom() {
    frames.forEach(function (f) {
      show(f, f.x, f.w, '');
    });
    resetZoom.classList.add('h');
  }

  function search(term) {
    var re = /^\/(.+)\/([a-z]*)$/.exec(term);
    var test;
    if (re) {
      var pattern;
      try {
        pattern = new RegExp(re[1], re[2].replace('g', ''));
      } catch (e) {
        clearSearch();
        matched.textContent = 'Invalid regex: ' + e.message;
        return;
      }
      test = function (name) { return pattern.test(name); };
    } else {
      test = function (name) { return name.indexOf(term) >= 0; };
    }
    var count = 0;
    var coveredTo = 0; // frames before this index are inside a subtree already counted
    frames.forEach(function (f) {
      var hit = f !== root && test(f.name);
      f.g.classList.toggle('m', hit);
      if (hit && f.index >= coveredTo) {
        count += f.samples;
        coveredTo = f.end;
      }
    });
    matched.textContent = 'Matched: ' + (count * 100 / root.samples).toFixed(1) + ' % ('
      + count.toLocaleString('en-US') + ' of ' + root.samples.toLocaleString('en-US') + ' samples)';
    resetSearch.classList.remove('h');
  }

  function clearSearch() {
    frames.forEach(function (f) {
      f.g.classList.remove('m');
    });
    matched.textContent = ' ';
    resetSearch.classList.add('h');
  }

  function askAndSearch() {
    var term = window.prompt('Search frames: a substring, or /regex/flags', '');
    if (term) {
      search(term);
    }
  }

  function frameOf(event) {
    var g = event.target.closest ? event.target.closest('#frames > g') : null;
    return g ? g.frame : null;
  }

  document.getElementById('frames').addEventListener('click', function (event) {
    var f = frameOf(event);
    if (f === root) {
      unzoom();
    } else if (f) {
      zoom(f);
    }
  });
  document.getElementById('frames').addEventListener('mouseover', function (event) {
    var f = frameOf(event);
    if (f) {
      // cut to the room left of the "Matched" line; the whole text stays in the frame's <title> tooltip
      var room = Math.floor((+svg.getAttribute('width') - 2 * root.x) / charWidth) - matched.textContent.trim().length - 2;
      details.textContent = f.info.length > room ? f.info.substring(0, room - 2) + '..' : f.info;
    }
  });
  document.getElementById('frames').addEventListener('mouseout', function () {
    details.textContent = ' ';
  });
  resetZoom.addEventListener('click', unzoom);
  document.getElementById('search').addEventListener('click', askAndSearch);
  resetSearch.addEventListener('click', clearSearch);
  window.addEventListener('keydown', function (event) {
    if ((event.ctrlKey || event.metaKey) && event.key === 'f') {
      event.preventDefault();
      askAndSearch();
    } else if (event.key === 'Escape') {
      clearSearch();
      unzoom();
    }
  });
})();
