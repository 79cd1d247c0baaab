// Scholia's page script: small, and nothing depends on it. Pages work without it:
// paragraph numbers are plain permalinks and every anchor is a real id.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // 0. Annotation numbers: on narrow screens they unfold the note in place (the notes
  //    sit in the margin on wide screens, where the link just goes to the note).
  var narrow = window.matchMedia("(max-width: 77.99rem)");
  document.addEventListener("click", function (e) {
    var ref = e.target.closest && e.target.closest("a.annot-ref");
    if (!ref) return;
    var note = document.getElementById(ref.getAttribute("aria-controls"));
    if (!note) return;
    e.preventDefault();
    if (narrow.matches) {
      var open = !note.classList.contains("open");
      note.classList.toggle("open", open);
      ref.setAttribute("aria-expanded", open ? "true" : "false");
      if (open) {
        note.setAttribute("tabindex", "-1");
        note.focus();
      }
    } else {
      note.classList.add("flash");
      setTimeout(function () { note.classList.remove("flash"); }, 1200);
      ref.setAttribute("aria-expanded", "true");
    }
  });

  // 1. Deep links to quotations: `#p14:~:text=…` lands on ¶14 in browsers that do not
  //    support text fragments (those that do strip the directive before we see it).
  function landOnFragment() {
    var m = /^#([A-Za-z0-9_-]+):~:text=/.exec(location.hash);
    if (!m) return;
    var el = document.getElementById(m[1]);
    if (el) {
      el.scrollIntoView();
      el.classList.add("landed");
    }
  }
  window.addEventListener("hashchange", landOnFragment);
  landOnFragment();

  function copy(text, button) {
    var done = function () {
      if (!button) return;
      var old = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = old; }, 1500);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { fallback(text); done(); });
    } else {
      fallback(text);
      done();
    }
  }
  function fallback(text) {
    var t = document.createElement("textarea");
    t.value = text;
    t.setAttribute("readonly", "");
    t.style.position = "absolute";
    t.style.left = "-9999px";
    document.body.appendChild(t);
    t.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing to do */ }
    document.body.removeChild(t);
  }

  document.addEventListener("click", function (e) {
    var b = e.target.closest && e.target.closest("button.copy[data-copy]");
    if (b) copy(b.getAttribute("data-copy"), b);
  });

  // 2. The paragraph menu: a paragraph's number opens its permalink and citations.
  var dataEl = document.getElementById("scholia-cite");
  var cite = dataEl ? JSON.parse(dataEl.textContent) : null;
  var menu = null;
  function closeMenu() {
    if (!menu) return;
    var opener = menu.opener;
    menu.remove();
    menu = null;
    if (opener) opener.focus();
  }
  function fill(template, label) {
    return template.split(cite.locator).join(label);
  }
  function openMenu(link) {
    closeMenu();
    var id = link.getAttribute("href").split("#")[1];
    var label = link.textContent;
    var url = cite.permalink + "#" + id;
    menu = document.createElement("div");
    menu.className = "pmenu";
    menu.setAttribute("role", "dialog");
    menu.setAttribute("aria-label", "Paragraph " + label);
    menu.opener = link;
    var h = document.createElement("p");
    h.className = "pmenu-title";
    h.textContent = "¶" + label;
    menu.appendChild(h);
    var go = document.createElement("a");
    go.href = "#" + id;
    go.textContent = "Permalink: " + url;
    menu.appendChild(go);
    var items = [["Copy link", url]];
    cite.styles.forEach(function (s) { items.push(["Copy " + s.title, fill(s.citation, label) + "\n" + s.reference]); });
    items.push(["Copy BibTeX", fill(cite.bibtex, label)], ["Copy RIS", fill(cite.ris, label)], ["Copy CSL-JSON", fill(cite.csl, label)]);
    items.forEach(function (it) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "copy";
      b.textContent = it[0];
      b.setAttribute("data-copy", it[1]);
      menu.appendChild(b);
    });
    link.parentNode.insertBefore(menu, link.nextSibling);
    menu.querySelector("a").focus();
  }
  if (cite) {
    document.addEventListener("click", function (e) {
      var link = e.target.closest && e.target.closest(".doc-body a.pnum");
      if (link && !e.metaKey && !e.ctrlKey && !e.shiftKey) {
        e.preventDefault();
        history.replaceState(null, "", link.getAttribute("href"));
        openMenu(link);
        return;
      }
      if (menu && !menu.contains(e.target)) closeMenu();
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape") closeMenu();
    });
  }

  // 3. Selecting words offers a link to them: the paragraph's address plus a text
  //    fragment, so it lands on the paragraph everywhere and on the words where
  //    browsers support it.
  var quoteButton = null;
  function enc(s) {
    return encodeURIComponent(s).replace(/-/g, "%2D");
  }
  document.addEventListener("selectionchange", function () {
    var sel = window.getSelection();
    var text = sel && sel.toString().replace(/\s+/g, " ").trim();
    var node = sel && sel.rangeCount ? sel.getRangeAt(0).commonAncestorContainer : null;
    var para = node && (node.nodeType === 1 ? node : node.parentElement);
    para = para && para.closest && para.closest(".doc-body .numbered[id]");
    if (!text || !para || !cite) {
      if (quoteButton) { quoteButton.remove(); quoteButton = null; }
      return;
    }
    var words = text.split(" ");
    var fragment = words.length > 8 ? enc(words.slice(0, 4).join(" ")) + "," + enc(words.slice(-4).join(" ")) : enc(text);
    var url = cite.permalink + "#" + para.id + ":~:text=" + fragment;
    if (!quoteButton) {
      quoteButton = document.createElement("button");
      quoteButton.type = "button";
      quoteButton.className = "copy quote-link";
      quoteButton.textContent = "Copy link to this quotation";
    }
    quoteButton.setAttribute("data-copy", url);
    para.appendChild(quoteButton);
  });
})();
