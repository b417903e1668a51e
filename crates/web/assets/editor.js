/* The newsroom's article form: drafts save themselves while typing, and
   pasting from Word or a web page becomes clean blocks; the library's
   upload area takes dragged files. Plain JavaScript,
   embedded in the binary. Vietnamese input methods (Telex, VNI) compose
   letters in several key strokes: nothing here touches the text while a
   composition is open, so no letter is lost or doubled. */
(function () {
  "use strict";
  /* Ordered lists (the top stories, the pinned articles): a row dragged
     to another place sends the new order at once. The ↑ ↓ buttons in
     each row do the same one step at a time, with the keyboard too. */
  Array.prototype.forEach.call(document.querySelectorAll("[data-order-form]"), function (list) {
    var form = document.getElementById(list.getAttribute("data-order-form"));
    var dragged = null;
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("li");
      if (dragged) {
        dragged.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", dragged.getAttribute("data-id"));
      }
    });
    list.addEventListener("dragover", function (event) {
      var over = event.target.closest("li");
      if (!dragged || !over || over === dragged) return;
      event.preventDefault();
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener("drop", function (event) {
      event.preventDefault();
    });
    list.addEventListener("dragend", function () {
      if (!dragged) return;
      dragged.classList.remove("dragging");
      dragged = null;
      var order = Array.prototype.map.call(list.children, function (row) {
        return row.getAttribute("data-id");
      }).join(",");
      if (order !== form.elements.order.value) {
        form.elements.order.value = order;
        form.submit();
      }
    });
  });

  /* The layout screen: a block dragged to another place or region gets
     that region and the order numbers follow the page; "Lưu bố cục"
     saves. The ↑ ↓ buttons do the same without a mouse. */
  var regions = document.querySelector("[data-regions]");
  if (regions) {
    var card = null;
    regions.addEventListener("dragstart", function (event) {
      card = event.target.closest(".block-card");
      if (card) {
        card.classList.add("dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", card.id);
      }
    });
    regions.addEventListener("dragover", function (event) {
      var region = event.target.closest("[data-zone]");
      if (!card || !region) return;
      event.preventDefault();
      var over = event.target.closest(".block-card");
      if (over && over !== card) {
        var box = over.getBoundingClientRect();
        region.insertBefore(card, event.clientY > box.top + box.height / 2 ? over.nextSibling : over);
      } else if (!over) {
        region.appendChild(card);
      }
    });
    regions.addEventListener("drop", function (event) {
      event.preventDefault();
    });
    regions.addEventListener("dragend", function () {
      if (!card) return;
      card.classList.remove("dragging");
      var zone = card.closest("[data-zone]").getAttribute("data-zone");
      var select = card.querySelector("select[name^=zone_]");
      if (select) select.value = zone;
      card = null;
      Array.prototype.forEach.call(regions.querySelectorAll("input[name^=order_]"), function (input, i) {
        input.value = String((i + 1) * 10);
      });
    });
  }

  /* The media library's upload area also takes a file dragged onto it. */
  var drop = document.querySelector("form.upload .drop");
  if (drop) {
    var fileInput = drop.querySelector("input[type=file]");
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (event) {
        event.preventDefault();
        drop.classList.add("dragging");
      });
    });
    drop.addEventListener("dragleave", function () {
      drop.classList.remove("dragging");
    });
    drop.addEventListener("drop", function (event) {
      event.preventDefault();
      drop.classList.remove("dragging");
      if (event.dataTransfer && event.dataTransfer.files.length) {
        fileInput.files = event.dataTransfer.files;
      }
    });
  }

  var form = document.querySelector("form.article-form");
  if (!form) {
    return;
  }
  /* Saves itself from the first keystroke; a new article becomes a draft
     as soon as it has a title. */
  var autosave = form.hasAttribute("data-autosave");
  var status = document.querySelector(".autosave-status");
  var body = form.querySelector("textarea[name=body]");
  var composing = false;
  var timer = null;
  var saving = false;
  var dirty = false;

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function save() {
    if (composing || saving || !dirty) {
      return;
    }
    saving = true;
    dirty = false;
    var data = new URLSearchParams(new FormData(form));
    fetch(form.action, {
      method: "POST",
      body: data,
      headers: { "X-Autosave": "1", "Content-Type": "application/x-www-form-urlencoded" },
      credentials: "same-origin"
    })
      .then(function (response) {
        return response.json().then(function (answer) {
          return { ok: response.ok, answer: answer };
        });
      })
      .then(function (result) {
        if (result.ok) {
          if (result.answer.action) {
            /* A new article saved the first time: it lives here now. */
            form.action = result.answer.action;
            if (window.history && window.history.replaceState) {
              window.history.replaceState(null, "", result.answer.action);
            }
          }
          form.querySelector("input[name=revision]").value = String(result.answer.revision);
          say(form.getAttribute("data-saved") + " " + new Date().toLocaleTimeString("vi-VN"));
        } else {
          say(result.answer.error || form.getAttribute("data-failed"));
        }
      })
      .catch(function () {
        dirty = true;
        say(form.getAttribute("data-failed"));
      })
      .then(function () {
        saving = false;
      });
  }

  function later() {
    if (!autosave) {
      return;
    }
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 3000);
  }

  form.addEventListener("compositionstart", function () {
    composing = true;
  });
  form.addEventListener("compositionend", function () {
    composing = false;
    later();
  });
  form.addEventListener("input", function (event) {
    if (!event.isComposing && !composing) {
      later();
    }
  });

  /* Word and web pages: headings, paragraphs, lists and quotes become the
     editor's blocks; bold, italic and links stay; everything else goes. */
  function inline(node) {
    var out = "";
    node.childNodes.forEach(function (child) {
      if (child.nodeType === 3) {
        out += child.textContent.replace(/\s+/g, " ").replace(/[<>&]/g, function (c) {
          return { "<": "&lt;", ">": "&gt;", "&": "&amp;" }[c];
        });
      } else if (child.nodeType === 1) {
        var tag = child.tagName.toLowerCase();
        var text = inline(child);
        if (tag === "b" || tag === "strong") {
          out += text.trim() ? "<strong>" + text + "</strong>" : text;
        } else if (tag === "i" || tag === "em") {
          out += text.trim() ? "<em>" + text + "</em>" : text;
        } else if (tag === "a" && /^https?:/.test(child.getAttribute("href") || "")) {
          out += '<a href="' + child.getAttribute("href").replace(/"/g, "%22") + '">' + text + "</a>";
        } else if (tag === "br") {
          out += " ";
        } else {
          out += text;
        }
      }
    });
    return out;
  }

  function blocks(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var out = [];
    doc.body.querySelectorAll("h1, h2, h3, h4, p, li, blockquote, td").forEach(function (el) {
      if (el.querySelector("p, li, h1, h2, h3, h4")) {
        return;
      }
      var text = inline(el).trim();
      if (!text) {
        return;
      }
      var tag = el.tagName.toLowerCase();
      if (tag === "h1" || tag === "h2") {
        out.push("## " + text);
      } else if (tag === "h3" || tag === "h4") {
        out.push("### " + text);
      } else if (tag === "li") {
        out.push("- " + text);
      } else if (tag === "blockquote") {
        out.push("> " + text);
      } else {
        out.push(text);
      }
    });
    return out.join("\n\n").replace(/(^- .*)\n\n(?=- )/gm, "$1\n");
  }

  /* Toolbar buttons wrap the selection or insert a block of their own. */
  function wrap(before, after, placeholder) {
    var start = body.selectionStart;
    var end = body.selectionEnd;
    var selected = body.value.slice(start, end) || placeholder;
    body.value = body.value.slice(0, start) + before + selected + after + body.value.slice(end);
    body.selectionStart = start + before.length;
    body.selectionEnd = start + before.length + selected.length;
    body.focus();
    later();
  }

  /* A block goes between paragraphs: after the one the cursor is in. */
  function insertBlock(text) {
    var at = body.value.indexOf("\n\n", body.selectionEnd);
    if (at < 0) {
      at = body.value.length;
    }
    var before = body.value.slice(0, at).replace(/\s+$/, "");
    var after = body.value.slice(at).replace(/^\s+/, "");
    var head = before ? before + "\n\n" : "";
    body.value = head + text + (after ? "\n\n" + after : "");
    body.selectionStart = body.selectionEnd = head.length + text.length;
    body.focus();
    later();
  }

  /* Markup fields are separated by | and closed by ]]. */
  function field(text) {
    return String(text || "").replace(/\|/g, "/").replace(/\]\]/g, "] ]").replace(/\s+/g, " ").trim();
  }

  function table(answer) {
    var size = /^\s*(\d+)\s*[x×*]\s*(\d+)\s*$/i.exec(answer || "");
    if (!size) {
      return null;
    }
    var columns = Math.min(Math.max(+size[1], 1), 12);
    var rows = Math.min(Math.max(+size[2], 1), 60);
    var line = function (word) {
      var cells = [];
      for (var c = 1; c <= columns; c++) {
        cells.push(word + " " + c);
      }
      return "| " + cells.join(" | ") + " |";
    };
    var lines = [line("Cột"), "|" + new Array(columns + 1).join("---|")];
    for (var r = 1; r < rows; r++) {
      lines.push(line("Ô"));
    }
    return lines.join("\n");
  }

  /* The library picker: a dialog of images (or files) found as one types. */
  var picker = document.querySelector("dialog.picker");
  var pickerSearch = picker && picker.querySelector(".picker-search");
  var pickerItems = picker && picker.querySelector(".picker-items");
  var pickerCaption = picker && picker.querySelector(".picker-caption-field");
  var pickerEmpty = picker && picker.querySelector(".picker-empty");
  var pickerKind = "anh";
  var pickerDone = null;
  var searchTimer = null;

  function listMedia() {
    // The address comes from the page: a sub-site under its parent's host
    // has it under its own prefix.
    var address = picker.getAttribute("data-source") + "?loai=" + pickerKind + "&q=" + encodeURIComponent(pickerSearch.value);
    fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        pickerItems.textContent = "";
        pickerEmpty.hidden = answer.items.length > 0;
        answer.items.forEach(function (item) {
          var li = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.className = "picker-item";
          button.setAttribute("data-id", String(item.id));
          if (item.is_image) {
            var img = document.createElement("img");
            img.src = item.thumb;
            img.alt = "";
            img.loading = "lazy";
            button.appendChild(img);
          }
          var label = document.createElement("span");
          label.textContent = "#" + item.id + " " + (item.alt || item.name) + (item.is_image ? "" : " (" + item.kilobytes + " KB)");
          button.appendChild(label);
          button.addEventListener("click", function () {
            var done = pickerDone;
            picker.close();
            done(item);
          });
          li.appendChild(button);
          pickerItems.appendChild(li);
        });
      })
      .catch(function () {
        pickerEmpty.hidden = false;
      });
  }

  function pick(kind, title, withCaption, done) {
    if (!picker || !picker.showModal) {
      return;
    }
    pickerKind = kind;
    pickerDone = done;
    picker.querySelector("#picker-title").textContent = title;
    pickerCaption.hidden = !withCaption;
    picker.querySelector(".picker-caption").value = "";
    pickerSearch.value = "";
    picker.showModal();
    pickerSearch.focus();
    listMedia();
  }

  /* The visual block editor (blocks.js) picks from the library too. */
  window.PortalEditor = { pick: pick, picker: picker };

  if (picker) {
    pickerSearch.addEventListener("input", function () {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(listMedia, 250);
    });
    picker.querySelector(".picker-close").addEventListener("click", function () {
      picker.close();
    });
  }

  var tools = document.querySelector(".body-tools");
  if (tools && body) {
    tools.hidden = false;
    tools.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-tool]");
      if (!button) {
        return;
      }
      event.preventDefault();
      var tool = button.getAttribute("data-tool");
      var title = button.getAttribute("data-title");
      if (tool === "bold") {
        wrap("<strong>", "</strong>", "chữ đậm");
      } else if (tool === "italic") {
        wrap("<em>", "</em>", "chữ nghiêng");
      } else if (tool === "link") {
        var url = window.prompt(button.getAttribute("data-ask"), "https://");
        if (url && /^https?:\/\/\S+$/.test(url)) {
          wrap('<a href="' + url.replace(/"/g, "%22") + '">', "</a>", url);
        }
      } else if (tool === "figure") {
        pick("anh", title, true, function (item) {
          var caption = picker.querySelector(".picker-caption").value;
          insertBlock("[[hình:" + item.id + "|" + field(item.alt) + "|" + field(caption) + "]]");
        });
      } else if (tool === "file") {
        pick("tep", title, false, function (item) {
          insertBlock("[[tệp:" + item.id + "|" + field(item.name) + "]]");
        });
      } else if (tool === "video") {
        var video = window.prompt(button.getAttribute("data-ask"), "https://www.youtube.com/watch?v=");
        if (video && /^https?:\/\/\S+$/.test(video.trim())) {
          insertBlock("[[video:" + field(video) + "|]]");
        }
      } else if (tool === "table") {
        var grid = table(window.prompt(button.getAttribute("data-ask"), "3x4"));
        if (grid) {
          insertBlock(grid);
        }
      }
    });
  }

  var cover = document.querySelector("button[data-pick-cover]");
  if (cover && picker) {
    cover.hidden = false;
    cover.addEventListener("click", function () {
      pick("anh", cover.getAttribute("data-title"), false, function (item) {
        form.querySelector("input[name=cover_media_id]").value = String(item.id);
        later();
      });
    });
  }

  if (body) {
    body.addEventListener("paste", function (event) {
      var data = event.clipboardData;
      if (!data) {
        return;
      }
      var html = data.getData("text/html");
      var text = html ? blocks(html) : data.getData("text/plain").replace(/\r\n?/g, "\n").replace(/\n(?!\n)/g, "\n\n");
      if (!text) {
        return;
      }
      event.preventDefault();
      var start = body.selectionStart;
      var end = body.selectionEnd;
      var before = body.value.slice(0, start);
      var after = body.value.slice(end);
      /* Whole blocks stand apart from the text around them; a phrase goes
         where the cursor is. */
      if (/\n\n/.test(text) || /^(#{2,3} |> |- |\d+\. )/.test(text)) {
        before = before.replace(/\s+$/, "");
        after = after.replace(/^\s+/, "");
        before = before ? before + "\n\n" : "";
        after = after ? "\n\n" + after : "";
      }
      body.value = before + text + after;
      body.selectionStart = body.selectionEnd = before.length + text.length;
      later();
    });
  }
})();
