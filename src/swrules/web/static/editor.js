// The policy editor: a textarea over a highlighted copy of its text, with line numbers,
// diagnostics as you type (debounced), hover, go to definition and save; completion is complete.js.
// Positions are 0-based line and UTF-16 column, as JavaScript strings count them and as
// the server's language service (swrules.service) gives them.
"use strict";
(function () {
  var box = document.getElementById("editor");
  if (!box) { return; }
  var area = document.getElementById("source");
  var pre = document.getElementById("highlight");
  var gutter = document.getElementById("gutter");
  var popup = document.getElementById("popup");
  var problems = document.getElementById("problems");
  var count = document.getElementById("problem-count");
  var status = document.getElementById("status");
  var policy = box.dataset.policy;
  var say = window.swrules.words;
  var digest = box.dataset.digest;
  var tokens = [];        // [line, col, length, kind]
  var diagnostics = [];   // {code, severity, message, help, span}
  var analysedText = null;
  var timer = null, hoverTimer = null, generation = 0;

  function lineStarts(text) {
    var starts = [0];
    for (var i = 0; i < text.length; i++) { if (text.charCodeAt(i) === 10) { starts.push(i + 1); } }
    return starts;
  }
  function offsetOf(starts, text, line, col) {
    if (line >= starts.length) { return text.length; }
    var end = line + 1 < starts.length ? starts[line + 1] - 1 : text.length;
    return Math.min(starts[line] + col, end);
  }
  function positionOf(starts, offset) {
    var lo = 0, hi = starts.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (starts[mid] <= offset) { lo = mid; } else { hi = mid - 1; } }
    return {line: lo, col: offset - starts[lo]};
  }

  function render() {
    var text = area.value;
    var starts = lineStarts(text);
    var fresh = text === analysedText;
    var toks = [], diags = [];  // [start, end, class(, diagnostic index)]; tokens never overlap
    if (analysedText !== null) {
      // While the new text is being analysed, the colours of the unchanged part before the edit stay.
      var was = analysedText, wasStarts = lineStarts(was), keep = text.length;
      if (!fresh) { keep = 0; while (keep < was.length && keep < text.length && was[keep] === text[keep]) { keep++; } }
      tokens.forEach(function (t) {
        var s = offsetOf(wasStarts, was, t[0], t[1]);
        if (s + t[2] <= keep) { toks.push([s, s + t[2], "tok-" + t[3]]); }
      });
      toks.sort(function (a, b) { return a[0] - b[0]; });
      diagnostics.forEach(function (d, i) {
        var s = offsetOf(wasStarts, was, d.span.start_line, d.span.start_col);
        var e = offsetOf(wasStarts, was, d.span.end_line, d.span.end_col);
        if (e <= s) { e = Math.min(s + 1, was.length); if (e <= s && s > 0) { s = s - 1; } }
        if (fresh || e <= keep) { diags.push([s, e, "diag diag-" + d.severity, i]); }
      });
    }
    var cuts = {0: true}; cuts[text.length] = true;
    toks.concat(diags).forEach(function (m) { cuts[m[0]] = true; cuts[m[1]] = true; });
    var points = Object.keys(cuts).map(Number).sort(function (a, b) { return a - b; });
    var frag = document.createDocumentFragment();
    var k = 0;
    for (var i = 0; i + 1 < points.length; i++) {
      var a = points[i], b = points[i + 1];
      var classes = [], diag = -1;
      while (k < toks.length && toks[k][1] <= a) { k++; }
      if (k < toks.length && toks[k][0] <= a && b <= toks[k][1]) { classes.push(toks[k][2]); }
      diags.forEach(function (m) { if (m[0] <= a && b <= m[1]) { classes.push(m[2]); diag = m[3]; } });
      var piece = text.slice(a, b);
      if (!classes.length) { frag.appendChild(document.createTextNode(piece)); continue; }
      var span = document.createElement("span");
      span.className = classes.join(" ");
      if (diag >= 0) { span.dataset.diag = String(diag); }
      span.textContent = piece;
      frag.appendChild(span);
    }
    frag.appendChild(document.createTextNode("\n"));
    pre.replaceChildren(frag);
    var numbers = [];
    for (var n = 1; n <= starts.length; n++) { numbers.push(n); }
    gutter.textContent = numbers.join("\n");
    sync();
  }

  function headline(d) {
    return say(d.severity === "error" ? "error" : "warning") + "[" + d.code + "]：" + d.message;
  }

  function listProblems() {
    problems.replaceChildren();
    var errors = 0;
    diagnostics.forEach(function (d) {
      if (d.severity === "error") { errors++; }
      var li = document.createElement("li");
      li.className = "problem-" + d.severity;
      var where = document.createElement("a");
      where.href = "#";
      where.textContent = say("line", {line: d.span.start_line + 1});
      where.addEventListener("click", function (ev) { ev.preventDefault(); select(d.span); });
      li.appendChild(where);
      li.appendChild(document.createTextNode(" " + headline(d)));
      if (d.help) {
        var help = document.createElement("div");
        help.className = "help";
        help.textContent = say("help") + d.help;
        li.appendChild(help);
      }
      problems.appendChild(li);
    });
    count.textContent = diagnostics.length ? say("counts", {errors: errors, warnings: diagnostics.length - errors})
                                           : say("no_problems");
  }

  function analyse() {
    var text = area.value, mine = ++generation;
    window.swrules.post("/api/analyse", {policy: policy, text: text}).then(function (r) {
      return r.ok ? r.json() : r.text().then(function (m) { throw new Error(m); });
    }).then(function (data) {
      if (mine !== generation) { return; }
      tokens = data.tokens; diagnostics = data.diagnostics; analysedText = text;
      render(); listProblems();
      box.dataset.analysed = String(mine);
    }).catch(function (e) { status.textContent = e.message; });
  }

  function sync() {
    pre.scrollTop = area.scrollTop; pre.scrollLeft = area.scrollLeft; gutter.scrollTop = area.scrollTop;
  }

  function select(span) {
    var text = area.value, starts = lineStarts(text);
    area.focus();
    area.setSelectionRange(offsetOf(starts, text, span.start_line, span.start_col),
                           offsetOf(starts, text, span.end_line, span.end_col));
    var lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 20;
    area.scrollTop = Math.max(0, (span.start_line - 5) * lineHeight);
    sync();
  }

  // The character under the mouse: hit-test the highlighted copy beneath the textarea.
  // The copy is pointer-events: none (clicks go to the textarea), and hit testing skips
  // such elements in current Chromium, so the two swap for the moment of the test.
  function offsetAt(x, y) {
    area.style.pointerEvents = "none"; pre.style.pointerEvents = "auto";
    var range = document.caretRangeFromPoint ? document.caretRangeFromPoint(x, y) : null;
    area.style.pointerEvents = ""; pre.style.pointerEvents = "";
    if (!range || !pre.contains(range.startContainer)) { return null; }
    var r = document.createRange();
    r.setStart(pre, 0);
    r.setEnd(range.startContainer, range.startOffset);
    return r.toString().length;
  }

  // The service's hover is Markdown of a few kinds only: paragraphs, **bold** and `code`.
  // Built as DOM nodes, never as HTML, so a label from the policy cannot become markup.
  function markdown(div, text) {
    text.split(/\n\s*\n/).forEach(function (para) {
      var p = document.createElement("p");
      para.split(/(\*\*[^*]+\*\*|`[^`]+`)/).forEach(function (piece) {
        if (!piece) { return; }
        var node;
        if (piece.slice(0, 2) === "**" && piece.length > 4) { node = document.createElement("b"); node.textContent = piece.slice(2, -2); }
        else if (piece[0] === "`" && piece.length > 2) { node = document.createElement("code"); node.textContent = piece.slice(1, -1); }
        else { node = document.createTextNode(piece); }
        p.appendChild(node);
      });
      div.appendChild(p);
    });
  }

  function showPopup(x, y, parts) {
    popup.replaceChildren();
    parts.forEach(function (p) {
      var div = document.createElement("div");
      div.className = p[0];
      if (p[0] === "hover") { markdown(div, p[1]); } else { div.textContent = p[1]; }
      popup.appendChild(div);
    });
    popup.style.left = (x + 12 + window.scrollX) + "px";
    popup.style.top = (y + 16 + window.scrollY) + "px";
    popup.hidden = false;
  }

  area.addEventListener("mousemove", function (ev) {
    clearTimeout(hoverTimer);
    var x = ev.clientX, y = ev.clientY;
    hoverTimer = setTimeout(function () {
      var offset = offsetAt(x, y);
      if (offset === null || area.value !== analysedText) { popup.hidden = true; return; }
      var text = area.value, starts = lineStarts(text);
      var here = diagnostics.filter(function (d) {
        var s = offsetOf(starts, text, d.span.start_line, d.span.start_col);
        var e = Math.max(offsetOf(starts, text, d.span.end_line, d.span.end_col), s + 1);
        return s <= offset && offset < e;
      });
      if (here.length) {
        var parts = [];
        here.forEach(function (d) {
          parts.push(["msg-" + d.severity, headline(d)]);
          if (d.help) { parts.push(["help", say("help") + d.help]); }
        });
        showPopup(x, y, parts);
        return;
      }
      var pos = positionOf(starts, offset);
      window.swrules.post("/api/hover", {policy: policy, text: text, line: pos.line, col: pos.col}).then(function (r) {
        return r.ok ? r.json() : null;
      }).then(function (h) {
        if (h && h.markdown) { showPopup(x, y, [["hover", h.markdown]]); } else { popup.hidden = true; }
      });
    }, 250);
  });
  area.addEventListener("mouseleave", function () { clearTimeout(hoverTimer); popup.hidden = true; });

  function goToDefinition() {
    var text = area.value, starts = lineStarts(text);
    var pos = positionOf(starts, area.selectionStart);
    window.swrules.post("/api/definition", {policy: policy, text: text, line: pos.line, col: pos.col}).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (loc) {
      if (!loc) { status.textContent = say("no_definition"); return; }
      if (loc.policy === policy) { select(loc.span); return; }
      location.href = "/editor?policy=" + encodeURIComponent(loc.policy) + "#L" + (loc.span.start_line + 1);
    });
  }

  function save() {
    status.textContent = say("saving");
    window.swrules.post("/api/save", {policy: policy, text: area.value, digest: digest}).then(function (r) {
      if (!r.ok) { return r.text().then(function (m) { throw new Error(m); }); }
      return r.json();
    }).then(function (data) {
      digest = data.digest;
      if (data.text !== area.value) {
        var at = area.selectionStart;
        area.value = data.text;
        area.setSelectionRange(Math.min(at, data.text.length), Math.min(at, data.text.length));
      }
      status.textContent = say(data.formatted ? "saved_formatted" : "saved_as_written");
      status.className = "ok";
      analyse();
    }).catch(function (e) { status.textContent = e.message; status.className = "error"; });
  }

  area.addEventListener("input", function () {
    render();
    clearTimeout(timer);
    timer = setTimeout(analyse, 300);
  });
  area.addEventListener("scroll", sync);
  area.addEventListener("keydown", function (ev) {
    if ((ev.ctrlKey || ev.metaKey) && ev.key === "s") { ev.preventDefault(); save(); }
    else if (ev.key === "F12") { ev.preventDefault(); goToDefinition(); }
    else if (ev.key === "Tab") {
      ev.preventDefault();
      document.execCommand("insertText", false, "  ");
    }
  });
  area.addEventListener("click", function (ev) { if (ev.ctrlKey || ev.metaKey) { goToDefinition(); } });
  document.getElementById("save").addEventListener("click", save);
  document.getElementById("policy-select").addEventListener("change", function (ev) {
    location.href = "/editor?policy=" + encodeURIComponent(ev.target.value);
  });
  // What the completion list (complete.js) shares with the editor.
  window.swrules.editor = {lineStarts: lineStarts, offsetOf: offsetOf, positionOf: positionOf};
  render();
  analyse();
  var m = /^#L(\d+)$/.exec(location.hash);
  if (m) { select({start_line: +m[1] - 1, start_col: 0, end_line: +m[1] - 1, end_col: 0}); }
})();
