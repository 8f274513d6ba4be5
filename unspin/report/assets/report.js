/* unspin HTML report: tooltips and selection between the text and the findings panel.
   Runs under a CSP that only admits this exact script (by its sha256 hash).
   Article-derived strings are only ever written with textContent, never as HTML. */
(function () {
  "use strict";
  var dataEl = document.getElementById("unspin-data");
  var data = { findings: {}, spans: {} };
  try { if (dataEl) { data = JSON.parse(dataEl.textContent); } } catch (e) { /* keep empty data */ }
  var tip = document.getElementById("unspin-tip");
  var selected = null;

  function idList(el, name) {
    var value = el.getAttribute(name);
    return value ? value.split(" ") : [];
  }

  function segmentsOf(fid) {
    return document.querySelectorAll('.seg[data-findings~="' + CSS.escape(fid) + '"]');
  }

  function clearSelection() {
    var old = document.querySelectorAll(".sel");
    for (var i = 0; i < old.length; i++) { old[i].classList.remove("sel"); }
  }

  function select(fid, scrollText) {
    clearSelection();
    selected = fid;
    var item = document.getElementById(fid);
    if (!item) { return; }
    item.classList.add("sel");
    var segs = segmentsOf(fid);
    for (var i = 0; i < segs.length; i++) { segs[i].classList.add("sel"); }
    if (scrollText && segs.length) {
      segs[0].scrollIntoView({ block: "center", behavior: "smooth" });
    } else {
      item.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    if (!target || target.closest("a")) { return; }
    var seg = target.closest(".seg");
    if (seg) {
      // Repeated clicks on overlapping highlights cycle through their findings.
      var fids = idList(seg, "data-findings");
      if (fids.length) {
        var at = fids.indexOf(selected);
        select(fids[(at + 1) % fids.length], false);
      }
      return;
    }
    var item = target.closest(".finding");
    if (item) { select(item.id, true); }
  });

  document.addEventListener("keydown", function (ev) {
    var target = ev.target instanceof Element ? ev.target : null;
    if (target && target.classList.contains("finding") && (ev.key === "Enter" || ev.key === " ")) {
      ev.preventDefault();
      select(target.id, true);
    }
    if (ev.key === "Escape") { clearSelection(); selected = null; }
  });

  function line(parent, cls, text) {
    var div = document.createElement("div");
    div.className = cls;
    div.textContent = text;
    parent.appendChild(div);
  }

  function describeSpan(span) {
    var parts = [];
    var attrs = span.attributes || {};
    for (var key in attrs) {
      if (Object.prototype.hasOwnProperty.call(attrs, key)) {
        var value = attrs[key];
        if (value !== null && typeof value === "object") { value = JSON.stringify(value); }
        parts.push(key + "=" + String(value).slice(0, 60));
      }
    }
    return span.label + (parts.length ? " (" + parts.slice(0, 4).join(", ") + ")" : "");
  }

  function showTip(seg, ev) {
    if (!tip) { return; }
    while (tip.firstChild) { tip.removeChild(tip.firstChild); }
    var fids = idList(seg, "data-findings");
    for (var i = 0; i < fids.length; i++) {
      var f = data.findings[fids[i]];
      if (f) { line(tip, "tip-finding sev-" + f.severity, f.severity.toUpperCase() + " " + f.kind + ": " + f.message); }
    }
    var sids = idList(seg, "data-spans");
    for (var j = 0; j < sids.length; j++) {
      var s = data.spans[sids[j]];
      if (s) { line(tip, "tip-span", describeSpan(s)); }
    }
    if (!tip.firstChild) { return; }
    tip.hidden = false;
    moveTip(ev);
  }

  function moveTip(ev) {
    if (!tip || tip.hidden) { return; }
    var x = Math.min(ev.clientX + 12, window.innerWidth - tip.offsetWidth - 8);
    var y = ev.clientY + 16;
    if (y + tip.offsetHeight > window.innerHeight) { y = ev.clientY - tip.offsetHeight - 8; }
    tip.style.left = Math.max(4, x) + "px";
    tip.style.top = Math.max(4, y) + "px";
  }

  document.addEventListener("mouseover", function (ev) {
    var seg = ev.target instanceof Element ? ev.target.closest(".seg") : null;
    if (seg) { showTip(seg, ev); } else if (tip) { tip.hidden = true; }
  });
  document.addEventListener("mousemove", moveTip);

  var toggles = document.querySelectorAll("input.toggle-annotations");
  for (var k = 0; k < toggles.length; k++) {
    toggles[k].addEventListener("change", function (ev) {
      document.body.classList.toggle("no-annotations", !ev.target.checked);
      for (var n = 0; n < toggles.length; n++) { toggles[n].checked = ev.target.checked; }
    });
  }

  document.documentElement.setAttribute("data-unspin-ready", String(Object.keys(data.findings).length));
})();
