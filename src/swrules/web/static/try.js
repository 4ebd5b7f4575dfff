// Try a station: a fact file of the folder, an upload, or the form; the result comes back as HTML
// the server rendered (autoescaped) and is shown below.
"use strict";
(function () {
  var choose = document.getElementById("choose");
  if (!choose) { return; }
  var result = document.getElementById("result");
  var policy = choose.dataset.policy;
  var url = "/api/try?policy=" + encodeURIComponent(policy);

  function show(response) {
    return response.text().then(function (body) {
      if (response.ok) {
        result.innerHTML = body;  // server-rendered with autoescape: text from files is never markup
        wire();
      } else {
        var pre = document.createElement("pre");
        pre.className = "problem";
        pre.textContent = body;
        result.replaceChildren(pre);
      }
    });
  }
  function busy() { result.textContent = window.swrules.words("trying"); }

  document.getElementById("policy-select").addEventListener("change", function (ev) {
    location.href = "/try?policy=" + encodeURIComponent(ev.target.value);
  });
  // What was tried last (a file of the folder or an upload): a workbook's station picked from the list
  // the server answers is tried from the same file.
  var last = null;
  function tryFile(path) {
    last = {path: path};
    busy();
    window.swrules.post(url, {facts: path}).then(show);
  }
  function tryUpload(file, station) {
    last = {file: file};
    busy();
    window.swrules.post(url, file, {"X-File-Name": encodeURIComponent(file.name),
                                    "X-Station": encodeURIComponent(station),
                                    "Content-Type": "application/octet-stream"}).then(show);
  }
  document.getElementById("facts-select").addEventListener("change", function (ev) {
    if (ev.target.value) { tryFile(ev.target.value); }
  });
  document.getElementById("upload").addEventListener("change", function (ev) {
    var file = ev.target.files[0];
    if (file) { tryUpload(file, document.getElementById("station-pick").value.trim()); }
  });
  var form = document.getElementById("facts-form");
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    clearProblems();
    busy();
    window.swrules.post(url, {form: formValues()}).then(function (response) {
      if (response.status === 422 && (response.headers.get("content-type") || "").indexOf("json") >= 0) {
        return response.json().then(showProblems);
      }
      return show(response);
    });
  });

  // Every input's text by its key path: numbers as typed (never a float); an input the browser could
  // not read (a half-typed date) sends a marker the server refuses by name, rather than nothing.
  function formValues() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || el.type === "submit" || el.type === "button") { return; }
      values[el.name] = el.validity && el.validity.badInput ? window.swrules.words("unreadable_value") : el.value;
    });
    return values;
  }

  // Lists of records: a table each, rows added and removed; every input named by its key path.
  function renumber(box) {
    var list = box.dataset.list;
    var rows = box.querySelectorAll("tbody tr");
    rows.forEach(function (tr, i) {
      tr.querySelector(".row-number").textContent = String(i + 1);
      tr.querySelectorAll("td[data-field]").forEach(function (td) {
        var el = td.querySelector("input, select");
        el.name = list + "[" + i + "]." + td.dataset.field;
        el.setAttribute("aria-label", window.swrules.words("row_field", {label: td.dataset.label, n: i + 1}));
      });
      tr.querySelector(".remove-row").setAttribute("aria-label", window.swrules.words("remove_row_n", {n: i + 1}));
    });
    var add = box.querySelector(".add-row");
    add.disabled = box.dataset.max !== "" && rows.length >= Number(box.dataset.max);
  }
  function addRow(box) {
    var tr = box.querySelector("template").content.firstElementChild.cloneNode(true);
    box.querySelector("tbody").appendChild(tr);
    renumber(box);
    return tr;
  }
  form.querySelectorAll("div.records").forEach(function (box) {
    for (var i = 0; i < Number(box.dataset.rows); i++) { addRow(box); }
    box.querySelector(".add-row").addEventListener("click", function () {
      addRow(box).querySelector("input, select").focus();
    });
    box.querySelector("tbody").addEventListener("click", function (ev) {
      var button = ev.target.closest(".remove-row");
      if (!button) { return; }
      var tr = button.closest("tr");
      var next = tr.nextElementSibling || tr.previousElementSibling;
      tr.remove();
      renumber(box);
      (next ? next.querySelector(".remove-row") : box.querySelector(".add-row")).focus();
    });
  });

  // The server's messages (those a fact file gets), each beside the input its key path names.
  function clearProblems() {
    form.querySelectorAll(".field-problem").forEach(function (el) { el.remove(); });
    form.querySelectorAll("[aria-invalid]").forEach(function (el) {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
    });
  }
  function placeOf(key) {
    var el = key ? form.elements.namedItem(key) : null;
    if (el && el.name === key) { return {input: el, after: el}; }
    var box = Array.prototype.find.call(form.querySelectorAll("div.records"), function (b) { return b.dataset.list === key; });
    return box ? {input: null, after: box.querySelector("table")} : null;
  }
  function showProblems(data) {
    var first = null;
    data.problems.forEach(function (p, n) {
      p.key.split(", ").forEach(function (key) {
        var place = placeOf(key);
        if (!place) { return; }
        var note = document.createElement("small");
        note.className = "field-problem error";
        note.id = "problem-" + n + "-" + key.replace(/[^A-Za-z0-9_-]/g, "_");
        note.textContent = p.message;
        place.after.insertAdjacentElement("afterend", note);
        if (place.input) {
          place.input.setAttribute("aria-invalid", "true");
          place.input.setAttribute("aria-describedby", note.id);
          first = first || place.input;
        }
      });
    });
    var pre = document.createElement("pre");
    pre.className = "problem";
    pre.textContent = window.swrules.words("form_problems", {count: data.problems.length}) + "\n\n" +
      data.problems.map(function (p) { return p.text; }).join("\n\n");
    result.replaceChildren(pre);
    if (first) { document.getElementById("form-box").open = true; first.focus(); }
  }

  // A loaded station's facts into the form, as the form writes them (percentages, Chinese dates): changed a
  // little and tried again. Each list of records gets as many rows as the station has records.
  function fillForm(data) {
    form.reset();
    clearProblems();
    form.querySelectorAll("div.records").forEach(function (box) {
      var prefix = box.dataset.list + "[";
      var count = 0;
      Object.keys(data.values).forEach(function (key) {
        if (key.indexOf(prefix) === 0) { count = Math.max(count, Number(key.slice(prefix.length).split("]")[0]) + 1); }
      });
      box.querySelectorAll("tbody tr").forEach(function (tr) { tr.remove(); });
      for (var i = 0; i < Math.max(count, Number(box.dataset.rows)); i++) { addRow(box); }
    });
    Object.keys(data.values).forEach(function (key) {
      var el = form.elements.namedItem(key);
      if (el && el.name === key) { el.value = data.values[key]; }
    });
    document.getElementById("form-box").open = true;
    var note = document.getElementById("fill-status");
    if (note) { note.textContent = window.swrules.words("filled_from_station", {name: data.name}); }
  }

  function wire() {
    result.querySelectorAll(".pick-station").forEach(function (b) {
      b.addEventListener("click", function () {
        if (last && last.file) { tryUpload(last.file, b.dataset.station); }
        else if (last && last.path) { tryFile(last.path.split("#")[0] + "#" + b.dataset.station); }
      });
    });
    var section = result.querySelector(".result");
    var fill = document.getElementById("fill-form");
    if (fill && section) {
      fill.addEventListener("click", function () {
        fetch("/api/form/" + encodeURIComponent(section.dataset.id), {credentials: "same-origin"}).then(function (r) {
          return r.ok ? r.json().then(fillForm) : r.text().then(function (m) { result.prepend(m); });
        });
      });
    }
    result.querySelectorAll(".open-all").forEach(function (b) {
      b.addEventListener("click", function () { result.querySelectorAll("details.rule").forEach(function (d) { d.open = true; }); });
    });
    result.querySelectorAll(".close-all").forEach(function (b) {
      b.addEventListener("click", function () { result.querySelectorAll("details.rule").forEach(function (d) { d.open = false; }); });
    });
    result.querySelectorAll("a.to-rule").forEach(function (a) {
      a.addEventListener("click", function () {
        var target = document.getElementById(a.getAttribute("href").slice(1));
        if (target) { target.open = true; }
      });
    });
    var save = document.getElementById("save-test");
    if (save && section) {
      save.addEventListener("click", function () {
        var out = document.getElementById("save-status");
        window.swrules.post("/api/save-test", {id: section.dataset.id, name: document.getElementById("test-name").value,
                                               description: ""}).then(function (r) {
          return r.ok ? r.json().then(function (d) { out.textContent = window.swrules.words("saved_case", {path: d.saved}); out.className = "ok"; })
                      : r.text().then(function (m) { out.textContent = m; out.className = "error"; });
        });
      });
    }
  }

  if (choose.dataset.chosen) { tryFile(choose.dataset.chosen); }
})();
