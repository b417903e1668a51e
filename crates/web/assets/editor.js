/* The newsroom's article form: drafts save themselves while typing, and
   pasting from Word or a web page becomes clean blocks. Plain JavaScript,
   embedded in the binary. Vietnamese input methods (Telex, VNI) compose
   letters in several key strokes: nothing here touches the text while a
   composition is open, so no letter is lost or doubled. */
(function () {
  "use strict";
  var form = document.querySelector("form.article-form[data-autosave]");
  if (!form) {
    return;
  }
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

  /* Bold, italic, link and figure buttons wrap or insert at the selection. */
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
        var id = window.prompt(button.getAttribute("data-ask"), "");
        if (id && /^\d+$/.test(id.trim())) {
          wrap("\n\n[[hình:" + id.trim() + "||", "]]\n\n", "");
        }
      }
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
      body.value = body.value.slice(0, start) + text + body.value.slice(end);
      body.selectionStart = body.selectionEnd = start + text.length;
      later();
    });
  }
})();
