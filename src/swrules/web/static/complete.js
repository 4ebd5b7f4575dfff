// Completion in the policy editor: as the officer types a word or a `.` (or presses
// Ctrl+Space), the words the grammar accepts at the caret, from the server's language
// service (POST /api/complete: swrules.service, the one `swrules lsp` answers from; no
// list of words lives here). The list opens under the caret; the caret stays in the
// text, so typing goes on as if the list were not there: ↑ ↓ choose, Enter or Tab takes
// the chosen word in place of the word typed so far, Esc closes, a click takes a word.
// Every word and meaning is put in as text, never as HTML.
"use strict";
(function () {
  var box = document.getElementById("editor");
  var list = document.getElementById("completion");
  if (!box || !list || !window.swrules.editor) { return; }
  var area = document.getElementById("source");
  var pre = document.getElementById("highlight");
  var E = window.swrules.editor;
  var say = window.swrules.words;
  var policy = box.dataset.policy;
  var items = [], chosen = 0, from = 0;   // the words shown, the one chosen, where the word typed starts
  var asked = 0, timer = null, accepting = false;
  var WORDISH = /^[\p{L}\p{N}_.]+$/u;

  function close() {
    asked++;
    clearTimeout(timer);
    list.hidden = true;
    list.replaceChildren();
    items = [];
    area.removeAttribute("aria-activedescendant");
  }

  // Where the caret is drawn: the same offset in the highlighted copy under the textarea.
  function caretBox(offset) {
    var walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT), node, seen = 0;
    while ((node = walker.nextNode())) {
      if (seen + node.length >= offset) {
        var r = document.createRange();
        r.setStart(node, offset - seen);
        r.collapse(true);
        var rects = r.getClientRects();
        return rects.length ? rects[0] : r.getBoundingClientRect();
      }
      seen += node.length;
    }
    return pre.getBoundingClientRect();
  }

  function choose(i) {
    var old = list.children[chosen];
    if (old) { old.setAttribute("aria-selected", "false"); }
    chosen = (i + items.length) % items.length;
    var li = list.children[chosen];
    li.setAttribute("aria-selected", "true");
    area.setAttribute("aria-activedescendant", li.id);
    li.scrollIntoView({block: "nearest"});
  }

  function part(cls, text) {
    var span = document.createElement("span");
    span.className = cls;
    span.textContent = text;
    return span;
  }

  // Under the start of the word typed (again when the text scrolls under the list).
  function place() {
    var caret = caretBox(from);
    list.style.left = (caret.left + window.scrollX) + "px";
    list.style.top = (caret.bottom + 2 + window.scrollY) + "px";
  }

  function show(found) {
    items = found;
    list.replaceChildren();
    items.forEach(function (c, i) {
      var li = document.createElement("li");
      li.id = "completion-" + i;
      li.setAttribute("role", "option");
      li.appendChild(part("c-label", c.label));
      if (c.detail) { li.appendChild(part("c-detail", c.detail)); }
      li.appendChild(part("c-kind", say("completion_" + c.kind)));
      li.addEventListener("mousedown", function (ev) { ev.preventDefault(); accept(i); });  // the caret stays
      list.appendChild(li);
    });
    list.hidden = false;
    place();
    chosen = 0;
    choose(0);
  }

  function request(askedFor) {
    var text = area.value, at = area.selectionStart, mine = ++asked;
    if (area.selectionEnd !== at) { close(); return; }
    var pos = E.positionOf(E.lineStarts(text), at);
    window.swrules.post("/api/complete", {policy: policy, text: text, line: pos.line, col: pos.col}).then(function (r) {
      return r.ok ? r.json() : null;
    }).then(function (data) {
      if (mine !== asked || area.value !== text || area.selectionStart !== at || document.activeElement !== area) {
        return;  // typed on meanwhile: the answer to the newer text is on its way
      }
      var starts = E.lineStarts(text);
      from = data ? E.offsetOf(starts, text, data.replace.start_line, data.replace.start_col) : at;
      var typed = text.slice(from, at);
      var found = data ? data.items : [];
      // Typing, a word already written in full is not offered back alone.
      if (!found.length || (!askedFor && found.length === 1 && found[0].label === typed)) { close(); return; }
      show(found);
    }).catch(function () { if (mine === asked) { close(); } });  // no answer: no list, typing goes on
  }

  function accept(i) {
    var word = items[i].label, at = area.selectionStart;
    close();
    area.focus();
    area.setSelectionRange(from, at);
    accepting = true;
    document.execCommand("insertText", false, word);  // undoable, and the editor hears it as typing
    accepting = false;
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(function () { request(false); }, 60);
  }

  area.addEventListener("input", function (ev) {
    if (accepting || ev.isComposing) { return; }
    var typing = (ev.inputType === "insertText" || ev.inputType === "insertCompositionText")
                 && ev.data && WORDISH.test(ev.data);
    if (typing && ev.data.indexOf(".") >= 0) { close(); }  // a new list after a dot: the old one no longer fits
    if (typing || (!list.hidden && ev.inputType === "deleteContentBackward")) { soon(); } else { close(); }
  });
  // A word chosen in a Chinese input method arrives while composing: ask once it is in the text.
  area.addEventListener("compositionend", soon);

  // Before the editor's own keys (Tab indents there): the list's keys only while it is open.
  area.addEventListener("keydown", function (ev) {
    if (ev.isComposing || ev.keyCode === 229) { return; }  // the input method's keys are its own
    if (ev.ctrlKey && (ev.key === " " || ev.code === "Space")) {
      ev.preventDefault();
      request(true);
      return;
    }
    if (list.hidden) { return; }
    var handled = true;
    if (ev.key === "ArrowDown") { choose(chosen + 1); }
    else if (ev.key === "ArrowUp") { choose(chosen - 1); }
    else if (ev.key === "Enter" || ev.key === "Tab") { accept(chosen); }
    else if (ev.key === "Escape") { close(); }
    else {
      handled = false;
      if (["ArrowLeft", "ArrowRight", "Home", "End", "PageUp", "PageDown"].indexOf(ev.key) >= 0) { close(); }
    }
    if (handled) { ev.preventDefault(); ev.stopImmediatePropagation(); }
  }, true);
  area.addEventListener("blur", close);
  area.addEventListener("mousedown", close);
  area.addEventListener("scroll", function () { if (!list.hidden) { place(); } });
})();
