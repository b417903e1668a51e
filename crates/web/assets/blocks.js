/* The visual block editor: the article body as the reader will see it,
   block by block (paragraph, heading, quote, list, table, picture, video,
   file), written in place. Plain JavaScript, embedded in the binary.

   The form still sends the body's plain-text form: each block is written
   as one `[[khối:{…}]]` line of it, which the server reads and cleans like
   any save. The plain-text view is the same body converted by the server
   (POST /quan-tri/soan-thao), so both views always agree.

   Vietnamese input methods (Telex, VNI, the systems' own) compose a letter
   in several key strokes: nothing here changes the text while a
   composition is open, so no letter is lost or doubled. */
(function () {
  "use strict";
  var form = document.querySelector("form.article-form");
  var startData = document.getElementById("body-blocks");
  var root = form && form.querySelector(".visual-editor");
  if (!form || !startData || !root) {
    return;
  }
  var words = JSON.parse(document.getElementById("editor-words").textContent);
  var textarea = form.querySelector("textarea[name=body]");
  var views = form.querySelector(".body-views");
  var notice = form.querySelector(".visual-notice");
  var spoken = form.querySelector(".visual-status");
  var textParts = Array.prototype.slice.call(form.querySelectorAll("[data-text-view]"));
  var convertUrl = root.getAttribute("data-convert");
  var uploadUrl = root.getAttribute("data-upload");
  var list = document.createElement("div");
  list.className = "vblocks";
  var media = {};
  var composing = false;
  var dragged = null;

  function csrf() {
    return form.querySelector("input[name=csrf]").value;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function button(label, title, action) {
    var b = el("button", "button", label);
    b.type = "button";
    if (title) b.setAttribute("aria-label", title);
    b.addEventListener("click", function (event) {
      event.preventDefault();
      action(b);
    });
    return b;
  }

  function say(text) {
    notice.textContent = text || "";
    notice.hidden = !text;
  }

  /* Said to screen readers only (a block moved). */
  function tell(text) {
    spoken.textContent = text;
  }

  function editable(tag, html, label) {
    var node = el(tag, "vtext");
    node.contentEditable = "true";
    node.innerHTML = html || "";
    if (label) node.setAttribute("aria-label", label);
    return node;
  }

  /* Inline text as the server keeps it: bold, italic, links, line breaks,
     sub- and superscript; Word's and the browser's own tags go. */
  function inline(node) {
    var out = "";
    node.childNodes.forEach(function (child) {
      if (child.nodeType === 3) {
        out += child.textContent.replace(/[\s\u00a0]+/g, " ").replace(/[<>&]/g, function (c) {
          return { "<": "&lt;", ">": "&gt;", "&": "&amp;" }[c];
        });
      } else if (child.nodeType === 1) {
        var tag = child.tagName.toLowerCase();
        var text = inline(child);
        var style = (child.getAttribute("style") || "").toLowerCase();
        if (tag === "b" || tag === "strong" || /font-weight:\s*(bold|[6-9]00)/.test(style)) {
          out += text.trim() ? "<strong>" + text + "</strong>" : text;
        } else if (tag === "i" || tag === "em" || /font-style:\s*italic/.test(style)) {
          out += text.trim() ? "<em>" + text + "</em>" : text;
        } else if (tag === "sub" || tag === "sup") {
          out += "<" + tag + ">" + text + "</" + tag + ">";
        } else if (tag === "a" && /^(https?:|mailto:|tel:|\/)/.test(child.getAttribute("href") || "")) {
          out += '<a href="' + child.getAttribute("href").replace(/"/g, "%22") + '">' + text + "</a>";
        } else if (tag === "br") {
          out += "<br>";
        } else if (tag === "style" || tag === "script" || tag === "xml" || tag.indexOf(":") > 0) {
          /* Word's <o:p> and its style sheet are not text. */
        } else {
          out += text;
        }
      }
    });
    return out;
  }

  function clean(node) {
    return inline(node).replace(/^\s+|\s+$/g, "").replace(/(<br>)+$/, "");
  }

  /* ---- blocks: from their JSON to the page, and back ---- */

  function tools(block) {
    var bar = el("div", "vblock-tools");
    var handle = el("span", "drag-handle", "⠿");
    handle.setAttribute("aria-hidden", "true");
    bar.appendChild(handle);
    bar.appendChild(el("span", "vblock-name", words["kind_" + block.getAttribute("data-type")] || ""));
    bar.appendChild(button("↑", words.up, function () { move(block, -1); }));
    bar.appendChild(button("↓", words.down, function () { move(block, 1); }));
    bar.appendChild(button("✕", words.remove, function () { removeBlock(block); }));
    return bar;
  }

  function shell(type, data) {
    var block = el("div", "vblock vblock-" + type);
    block.setAttribute("data-type", type);
    block.vdata = data;
    block.appendChild(tools(block));
    return block;
  }

  function renderBlock(data) {
    var type = data.type;
    var block;
    if (type === "paragraph") {
      block = shell(type, data);
      block.appendChild(editable("p", data.text, words.kind_paragraph));
    } else if (type === "heading") {
      block = shell(type, data);
      block.appendChild(editable(data.level === 3 ? "h3" : "h2", data.text, words.kind_heading));
    } else if (type === "quote") {
      block = shell(type, data);
      block.appendChild(editable("blockquote", data.text, words.kind_quote));
    } else if (type === "list") {
      block = shell(type, data);
      var items = editable(data.ordered ? "ol" : "ul", "", words.kind_list);
      (data.items.length ? data.items : [""]).forEach(function (item) {
        var li = el("li");
        li.innerHTML = item;
        items.appendChild(li);
      });
      block.appendChild(items);
    } else if (type === "table") {
      block = shell(type, data);
      block.appendChild(tableEditor(data));
    } else if (type === "figure") {
      block = shell(type, data);
      block.appendChild(figureEditor(data));
    } else if (type === "embed") {
      block = shell(type, data);
      block.appendChild(field(words.video_url, data.url, "url"));
      block.appendChild(field(words.video_title, data.title, "title"));
    } else if (type === "attachment") {
      block = shell(type, data);
      block.appendChild(el("p", "note", words.file + " #" + data.media_id));
      block.appendChild(field(words.file_name, data.name, "name"));
    } else {
      /* A block this editor does not draw is kept as it is. */
      block = shell("other", data);
      block.appendChild(el("p", "note", words.kept_block));
    }
    return block;
  }

  function field(label, value, name) {
    var wrap = el("label", "", label);
    var input = el("input");
    input.value = value || "";
    input.setAttribute("data-field", name);
    wrap.appendChild(input);
    return wrap;
  }

  function figureEditor(data) {
    var box = el("figure", "vfigure");
    var img = el("img");
    var known = data.media_id != null && media[String(data.media_id)];
    img.alt = "";
    if (known) img.src = known.thumb;
    box.appendChild(img);
    if (data.uploading) box.appendChild(el("p", "note", words.uploading));
    box.appendChild(field(words.alt, data.alt, "alt"));
    var caption = editable("figcaption", data.caption, words.caption);
    box.appendChild(caption);
    box.appendChild(button(words.change_picture, "", function () {
      pickFromLibrary(function (item) {
        var block = box.closest(".vblock");
        block.vdata = { type: "figure", media_id: item.id, alt: box.querySelector("[data-field=alt]").value || item.alt, caption: caption.innerHTML };
        media[String(item.id)] = { thumb: item.thumb, alt: item.alt };
        img.src = item.thumb;
        sync();
      });
    }));
    return box;
  }

  function tableEditor(data) {
    var wrap = el("div", "vtable");
    var table = el("table");
    var rows = data.rows && data.rows.length ? data.rows : [["", ""], ["", ""]];
    rows.forEach(function (row, r) {
      var tr = el("tr");
      row.forEach(function (cell) {
        var td = el(r === 0 && data.header ? "th" : "td");
        td.contentEditable = "true";
        td.innerHTML = cell;
        tr.appendChild(td);
      });
      table.appendChild(tr);
    });
    wrap.appendChild(table);
    var bar = el("div", "vtable-tools");
    var header = el("label", "check");
    var box = el("input");
    box.type = "checkbox";
    box.checked = !!data.header;
    box.setAttribute("data-field", "header");
    box.addEventListener("change", function () {
      var first = table.rows[0];
      Array.prototype.slice.call(first.cells).forEach(function (cell) {
        var other = el(box.checked ? "th" : "td");
        other.contentEditable = "true";
        other.innerHTML = cell.innerHTML;
        first.replaceChild(other, cell);
      });
      sync();
    });
    header.appendChild(box);
    header.appendChild(document.createTextNode(" " + words.header_row));
    bar.appendChild(header);
    bar.appendChild(button(words.add_row, "", function () {
      var tr = el("tr");
      for (var c = 0; c < table.rows[0].cells.length; c++) {
        var td = el("td");
        td.contentEditable = "true";
        tr.appendChild(td);
      }
      table.appendChild(tr);
      sync();
    }));
    bar.appendChild(button(words.add_column, "", function () {
      Array.prototype.forEach.call(table.rows, function (tr, r) {
        var cell = el(r === 0 && box.checked ? "th" : "td");
        cell.contentEditable = "true";
        tr.appendChild(cell);
      });
      sync();
    }));
    bar.appendChild(button(words.remove_row, "", function () {
      if (table.rows.length > 1) table.deleteRow(table.rows.length - 1);
      sync();
    }));
    bar.appendChild(button(words.remove_column, "", function () {
      if (table.rows[0].cells.length > 1) {
        Array.prototype.forEach.call(table.rows, function (tr) { tr.deleteCell(tr.cells.length - 1); });
      }
      sync();
    }));
    wrap.appendChild(bar);
    return wrap;
  }

  function readBlock(block) {
    var type = block.getAttribute("data-type");
    var text = block.querySelector(".vtext");
    var value = function (name) {
      var input = block.querySelector("[data-field=" + name + "]");
      return input ? input.value.trim() : "";
    };
    if (type === "paragraph" || type === "quote") {
      var out = { type: type, text: clean(text) };
      if (type === "quote") out.cite = block.vdata.cite || "";
      return out;
    }
    if (type === "heading") {
      return { type: type, level: text.tagName === "H3" ? 3 : 2, text: clean(text) };
    }
    if (type === "list") {
      var items = Array.prototype.map.call(text.querySelectorAll("li"), clean).filter(function (item) {
        return item !== "";
      });
      return { type: type, ordered: text.tagName === "OL", items: items };
    }
    if (type === "table") {
      var rows = Array.prototype.map.call(block.querySelectorAll("tr"), function (tr) {
        return Array.prototype.map.call(tr.cells, clean);
      });
      return { type: type, header: block.querySelector("[data-field=header]").checked, rows: rows };
    }
    if (type === "figure") {
      if (block.vdata.uploading) return null;
      return { type: type, media_id: block.vdata.media_id, alt: value("alt"), caption: clean(block.querySelector("figcaption")) };
    }
    if (type === "embed") {
      return { type: type, url: value("url"), title: value("title") };
    }
    if (type === "attachment") {
      return { type: type, media_id: block.vdata.media_id, name: value("name") };
    }
    return block.vdata;
  }

  function blocksNow() {
    return Array.prototype.map.call(list.children, readBlock).filter(function (b) {
      return b && !(b.type === "paragraph" && b.text === "");
    });
  }

  /* The blocks into the form's body field; autosave hears of it. */
  function sync() {
    if (composing || root.hidden) {
      return;
    }
    textarea.value = blocksNow().map(function (b) {
      return "[[khối:" + JSON.stringify(b) + "]]";
    }).join("\n\n");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function show(blocks) {
    list.textContent = "";
    (blocks.length ? blocks : [{ type: "paragraph", text: "" }]).forEach(function (b) {
      list.appendChild(renderBlock(b));
    });
  }

  /* ---- adding, moving and removing blocks ---- */

  function current() {
    var at = document.activeElement;
    return at && at.closest ? at.closest(".vblock") : null;
  }

  function insert(block, after) {
    var place = after || current();
    if (place && place.parentNode === list) {
      list.insertBefore(block, place.nextSibling);
    } else {
      list.appendChild(block);
    }
    var focus = block.querySelector(".vtext, td, th, input");
    if (focus) focus.focus();
    sync();
    return block;
  }

  function move(block, step) {
    var other = step < 0 ? block.previousElementSibling : block.nextElementSibling;
    if (!other) return;
    list.insertBefore(block, step < 0 ? other : other.nextSibling);
    var focus = block.querySelector(".vtext, td, input");
    if (focus) focus.focus();
    tell(words.moved);
    sync();
  }

  function removeBlock(block) {
    var next = block.previousElementSibling || block.nextElementSibling;
    block.remove();
    if (!list.children.length) list.appendChild(renderBlock({ type: "paragraph", text: "" }));
    var focus = (next || list.firstElementChild).querySelector(".vtext, td, input");
    if (focus) focus.focus();
    sync();
  }

  function pickFromLibrary(done) {
    var editor = window.PortalEditor;
    if (editor && editor.pick) {
      editor.pick("anh", words.pick_picture, false, done);
    }
  }

  var adders = {
    paragraph: function () { insert(renderBlock({ type: "paragraph", text: "" })); },
    heading: function () { insert(renderBlock({ type: "heading", level: 2, text: "" })); },
    list: function () { insert(renderBlock({ type: "list", ordered: false, items: [""] })); },
    quote: function () { insert(renderBlock({ type: "quote", text: "", cite: "" })); },
    table: function () { insert(renderBlock({ type: "table", header: true, rows: [["", ""], ["", ""]] })); },
    figure: function () {
      var after = current();
      pickFromLibrary(function (item) {
        media[String(item.id)] = { thumb: item.thumb, alt: item.alt };
        insert(renderBlock({ type: "figure", media_id: item.id, alt: item.alt || "", caption: "" }), after);
      });
    },
    upload: function () {
      /* A picture from the computer, uploaded to the library in place. */
      var after = current();
      var chooser = el("input");
      chooser.type = "file";
      chooser.accept = "image/jpeg,image/png,image/webp,image/gif";
      chooser.addEventListener("change", function () {
        var file = chooser.files[0];
        if (!file) return;
        var alt = (window.prompt(words.ask_alt, "") || "").trim();
        if (!alt) {
          say(words.alt_required);
          return;
        }
        var spot = insert(renderBlock({ type: "figure", media_id: null, alt: alt, caption: "", uploading: true }), after);
        upload(file, alt).then(function (answer) {
          media[String(answer.id)] = { thumb: answer.thumb, alt: answer.alt };
          list.replaceChild(renderBlock({ type: "figure", media_id: answer.id, alt: alt, caption: "" }), spot);
          say("");
          sync();
        }).catch(function (error) {
          spot.remove();
          say(error.message);
        });
      });
      chooser.click();
    },
    video: function () { insert(renderBlock({ type: "embed", url: "", title: "" })); },
    file: function () {
      var after = current();
      var editor = window.PortalEditor;
      if (editor && editor.pick) {
        editor.pick("tep", words.pick_file, false, function (item) {
          insert(renderBlock({ type: "attachment", media_id: item.id, name: item.name }), after);
        });
      }
    }
  };

  /* ---- the toolbar ---- */

  var lastBlock = null;
  function bar() {
    var toolbar = el("div", "vtoolbar");
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", words.toolbar);
    var format = function (label, title, command) {
      var b = button(label, title, function () {
        if (command === "link") {
          var url = window.prompt(words.link_ask, "https://");
          if (url && /^(https?:\/\/\S+|\/\S*)$/.test(url.trim())) {
            document.execCommand("createLink", false, url.trim());
          }
        } else {
          document.execCommand(command, false, null);
        }
        sync();
      });
      /* The text keeps its selection when the button is pressed. */
      b.addEventListener("mousedown", function (event) { event.preventDefault(); });
      return b;
    };
    toolbar.appendChild(format("B", words.bold, "bold"));
    toolbar.appendChild(format("I", words.italic, "italic"));
    toolbar.appendChild(format(words.link, words.link, "link"));
    ["paragraph", "heading", "list", "quote", "table", "figure", "upload", "video", "file"].forEach(function (kind) {
      var name = { figure: "add_figure", video: "kind_embed", file: "kind_attachment", upload: "upload_picture" }[kind] || "kind_" + kind;
      var b = button("+ " + words[name], "", function () {
        var editing = lastBlock && lastBlock.parentNode === list ? lastBlock : null;
        if (editing) {
          var focus = editing.querySelector(".vtext, td, input");
          if (focus) focus.focus();
        }
        adders[kind]();
      });
      b.setAttribute("data-add", kind);
      b.addEventListener("mousedown", function (event) { event.preventDefault(); });
      toolbar.appendChild(b);
    });
    return toolbar;
  }

  /* ---- typing ---- */

  list.addEventListener("focusin", function (event) {
    lastBlock = event.target.closest(".vblock");
  });
  list.addEventListener("compositionstart", function () {
    composing = true;
  });
  list.addEventListener("compositionend", function () {
    composing = false;
    sync();
  });
  list.addEventListener("input", function (event) {
    if (!event.isComposing && !composing) sync();
  });
  list.addEventListener("change", function () { sync(); });
  list.addEventListener("keydown", function (event) {
    if (event.isComposing || event.keyCode === 229) return;
    var block = event.target.closest(".vblock");
    if (!block) return;
    if (event.altKey && (event.key === "ArrowUp" || event.key === "ArrowDown")) {
      event.preventDefault();
      move(block, event.key === "ArrowUp" ? -1 : 1);
      return;
    }
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k") {
      event.preventDefault();
      var url = window.prompt(words.link_ask, "https://");
      if (url && /^(https?:\/\/\S+|\/\S*)$/.test(url.trim())) document.execCommand("createLink", false, url.trim());
      sync();
      return;
    }
    var type = block.getAttribute("data-type");
    var text = event.target.classList && event.target.classList.contains("vtext") ? event.target : null;
    if (event.key === "Enter" && !event.shiftKey && text && (type === "paragraph" || type === "heading" || type === "quote")) {
      /* Enter ends the block: what follows the cursor starts a paragraph. */
      event.preventDefault();
      var range = window.getSelection().getRangeAt(0);
      var tail = document.createRange();
      tail.setStart(range.endContainer, range.endOffset);
      tail.setEnd(text, text.childNodes.length);
      var rest = el("div");
      rest.appendChild(tail.extractContents());
      var next = renderBlock({ type: "paragraph", text: inline(rest).trim() });
      insert(next, block);
      var target = next.querySelector(".vtext");
      target.focus();
      window.getSelection().collapse(target, 0);
      return;
    }
    if (event.key === "Backspace" && text && type === "paragraph" && clean(text) === "" && list.children.length > 1) {
      event.preventDefault();
      removeBlock(block);
    }
  });

  /* ---- dragging a block by its handle (text stays selectable) ---- */

  list.addEventListener("mousedown", function (event) {
    var handle = event.target.closest && event.target.closest(".drag-handle");
    if (handle) handle.closest(".vblock").setAttribute("draggable", "true");
  });
  list.addEventListener("mouseup", function () {
    /* Pressed on the handle but not dragged: text is selectable again. */
    Array.prototype.forEach.call(list.querySelectorAll(".vblock[draggable]"), function (block) {
      if (block !== dragged) block.removeAttribute("draggable");
    });
  });

  list.addEventListener("dragstart", function (event) {
    var block = event.target.closest && event.target.closest(".vblock");
    if (!block || event.target !== block) return;
    dragged = block;
    block.classList.add("dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", "");
  });
  list.addEventListener("dragover", function (event) {
    var over = event.target.closest && event.target.closest(".vblock");
    if (!dragged || !over || over === dragged) return;
    event.preventDefault();
    var box = over.getBoundingClientRect();
    list.insertBefore(dragged, event.clientY > box.top + box.height / 2 ? over.nextSibling : over);
  });
  list.addEventListener("drop", function (event) {
    if (dragged) event.preventDefault();
  });
  list.addEventListener("dragend", function () {
    if (!dragged) return;
    dragged.classList.remove("dragging");
    dragged.removeAttribute("draggable");
    dragged = null;
    sync();
  });

  /* ---- pasting from Word, LibreOffice and web pages ---- */

  function pastedBlocks(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var out = [];
    var pictures = [];
    function walk(node) {
      Array.prototype.forEach.call(node.children, function (child) {
        var tag = child.tagName.toLowerCase();
        if (tag === "table") {
          var rows = Array.prototype.map.call(child.querySelectorAll("tr"), function (tr) {
            return Array.prototype.map.call(tr.querySelectorAll("td, th"), clean);
          }).filter(function (row) { return row.length; });
          if (rows.length) {
            var width = Math.max.apply(null, rows.map(function (r) { return r.length; }));
            rows.forEach(function (r) { while (r.length < width) r.push(""); });
            var header = !!child.querySelector("tr:first-child th, thead");
            out.push({ type: "table", header: header, rows: rows });
          }
          child.querySelectorAll("img").forEach(function (img) { picture(img); });
        } else if (/^h[1-6]$/.test(tag)) {
          var heading = clean(child);
          if (heading) out.push({ type: "heading", level: tag === "h1" || tag === "h2" ? 2 : 3, text: heading });
        } else if (tag === "ul" || tag === "ol") {
          var items = Array.prototype.map.call(child.querySelectorAll("li"), clean).filter(Boolean);
          if (items.length) out.push({ type: "list", ordered: tag === "ol", items: items });
        } else if (tag === "blockquote") {
          var quote = clean(child);
          if (quote) out.push({ type: "quote", text: quote, cite: "" });
        } else if (tag === "img") {
          picture(child);
        } else if (tag === "p" || tag === "li") {
          child.querySelectorAll("img").forEach(function (img) { picture(img); });
          /* Word writes its lists as paragraphs with a bullet in front. */
          var msoList = /mso-list/.test(child.getAttribute("style") || "") || /MsoListParagraph/.test(child.className);
          var text = clean(child);
          if (msoList) {
            text = text.replace(/^(?:[·•o§▪\-–]|\d+[.)])\s*/, "");
            var last = out[out.length - 1];
            if (last && last.type === "list" && last.fromWord) {
              last.items.push(text);
            } else if (text) {
              out.push({ type: "list", ordered: false, items: [text], fromWord: true });
            }
          } else if (text) {
            out.push({ type: "paragraph", text: text });
          }
        } else if (child.children.length) {
          walk(child);
        } else {
          var rest = clean(child);
          if (rest) out.push({ type: "paragraph", text: rest });
        }
      });
    }
    function picture(img) {
      var spot = { type: "figure", media_id: null, alt: (img.getAttribute("alt") || "").trim(), caption: "", uploading: true, src: img.getAttribute("src") || "" };
      pictures.push(spot);
      out.push(spot);
    }
    walk(doc.body);
    out.forEach(function (b) { delete b.fromWord; });
    return { blocks: out, pictures: pictures };
  }

  function upload(file, alt) {
    var data = new FormData();
    data.append("csrf", csrf());
    data.append("alt", alt);
    data.append("credit", "");
    data.append("file", file, file.name || "anh-dan.png");
    return fetch(uploadUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) throw new Error(answer.error || words.upload_failed);
        return answer;
      });
    });
  }

  list.addEventListener("paste", function (event) {
    var data = event.clipboardData;
    if (!data || !event.target.closest(".vblock")) return;
    var html = data.getData("text/html");
    var files = Array.prototype.filter.call(data.files || [], function (f) { return /^image\//.test(f.type); });
    var here = event.target.closest(".vblock");
    var found;
    if (html) {
      found = pastedBlocks(html);
    } else if (files.length) {
      found = { blocks: [], pictures: [] };
      files.forEach(function () {
        var spot = { type: "figure", media_id: null, alt: "", caption: "", uploading: true, src: "" };
        found.blocks.push(spot);
        found.pictures.push(spot);
      });
    } else {
      var plain = data.getData("text/plain").replace(/\r\n?/g, "\n");
      if (!/\n/.test(plain)) return; /* A phrase goes where the cursor is. */
      event.preventDefault();
      var paragraphs = plain.split(/\n\s*\n|\n/).map(function (p) { return p.trim(); }).filter(Boolean);
      var after = here;
      paragraphs.forEach(function (p) {
        var div = el("div");
        div.textContent = p;
        after = insert(renderBlock({ type: "paragraph", text: inline(div) }), after);
      });
      return;
    }
    var whole = found.blocks.length > 1 || found.pictures.length || found.blocks.some(function (b) { return b.type !== "paragraph"; });
    event.preventDefault();
    if (!whole) {
      /* A phrase: its text, cleaned, where the cursor is. */
      if (found.blocks.length) document.execCommand("insertHTML", false, found.blocks[0].text);
      sync();
      return;
    }
    var after2 = here;
    var emptyHere = here.getAttribute("data-type") === "paragraph" && clean(here.querySelector(".vtext")) === "";
    var rendered = found.blocks.map(function (b) {
      var block = renderBlock(b);
      after2 = insert(block, after2);
      return block;
    });
    if (emptyHere) here.remove();
    var left = [];
    var uploads = [];
    found.pictures.forEach(function (spot, i) {
      var block = rendered[found.blocks.indexOf(spot)];
      var file = files[i];
      if (!file) {
        left.push(words.picture + " " + (i + 1) + ": " + (/^file:/i.test(spot.src) ? words.left_local : /^https?:/i.test(spot.src) ? words.left_remote : words.left_none));
        block.remove();
        return;
      }
      var alt = spot.alt || words.pasted_alt;
      uploads.push(upload(file, alt).then(function (answer) {
        media[String(answer.id)] = { thumb: answer.thumb, alt: answer.alt };
        var fresh = renderBlock({ type: "figure", media_id: answer.id, alt: alt, caption: "" });
        list.replaceChild(fresh, block);
      }).catch(function (error) {
        left.push(words.picture + " " + (i + 1) + ": " + error.message);
        block.remove();
      }));
    });
    Promise.all(uploads).then(function () {
      say(left.length ? words.left_out + " " + left.join("; ") : found.pictures.length ? words.pictures_uploaded : "");
      sync();
    });
    sync();
  });

  /* ---- the two views ---- */

  function convert(body) {
    var data = new URLSearchParams();
    data.append("csrf", csrf());
    data.append("body", body);
    return fetch(convertUrl, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" }
    }).then(function (response) {
      return response.json().then(function (answer) {
        if (!response.ok) throw new Error(answer.error || words.convert_failed);
        return answer;
      });
    });
  }

  function setView(visual) {
    root.hidden = !visual;
    textParts.forEach(function (part) { part.hidden = visual; });
    Array.prototype.forEach.call(views.querySelectorAll("button"), function (b) {
      b.setAttribute("aria-pressed", String((b.getAttribute("data-view") === "visual") === visual));
    });
    try {
      window.localStorage.setItem("portal-editor-view", visual ? "visual" : "text");
    } catch (e) { /* Private windows keep no preference. */ }
  }

  function toText() {
    sync();
    return convert(textarea.value).then(function (answer) {
      textarea.value = answer.markup;
      setView(false);
      say("");
    });
  }

  function toVisual() {
    return convert(textarea.value).then(function (answer) {
      Object.keys(answer.media).forEach(function (id) { media[id] = answer.media[id]; });
      show(answer.blocks);
      setView(true);
      say("");
      sync();
    }).catch(function (error) {
      say(error.message);
    });
  }

  views.hidden = false;
  views.addEventListener("click", function (event) {
    var b = event.target.closest("button[data-view]");
    if (!b || b.getAttribute("aria-pressed") === "true") return;
    if (b.getAttribute("data-view") === "visual") toVisual(); else toText().catch(function (error) { say(error.message); });
  });

  root.appendChild(bar());
  root.appendChild(list);
  var start = JSON.parse(startData.textContent);
  var preferred = null;
  try { preferred = window.localStorage.getItem("portal-editor-view"); } catch (e) { preferred = null; }
  if (start && preferred !== "text") {
    media = start.media || {};
    show(start.blocks);
    setView(true);
  } else {
    setView(false);
    if (!start) say(words.unreadable);
  }
  /* Test hooks and scripts: the blocks as they stand. */
  window.PortalBlocks = { now: blocksNow, toText: toText, toVisual: toVisual };
})();
