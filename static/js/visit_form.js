// The UP3 visit form on a phone with a weak connection (issue #5 point 3).
// Everything here is an aid: without JavaScript the form is a plain POST and works the same.
// - every text, choice and answer is kept in localStorage under the form's client_uuid, and
//   restored on load (a reload, or going back after a failed send, loses nothing); photos cannot
//   be kept there: "Simpan draf" keeps them on the server;
// - the copy is dropped once the server confirms (an element with data-clear-draft="<uuid>");
// - buttons are disabled after the first tap (re-enabled on pageshow);
// - offline: a banner, and sending is refused with a friendly message (the copy stays);
// - photos are scaled down to at most 1600 px JPEG before upload where the browser can.
(function () {
  "use strict";

  var PREFIX = "sehati:visit:";
  var NEW_POINTER = PREFIX + "new"; // the uuid of an unsent new form
  var MAX_EDGE = 1600;

  function store(key, value) {
    try {
      if (value === null) {
        window.localStorage.removeItem(key);
      } else {
        window.localStorage.setItem(key, value);
      }
    } catch (e) {
      // private mode or full storage: the server draft still works
    }
  }

  function load(key) {
    try {
      return window.localStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function forget(uuid) {
    if (!uuid) return;
    store(PREFIX + uuid, null);
    if (load(NEW_POINTER) === uuid) store(NEW_POINTER, null);
  }

  // The server confirmed (sent visit, or draft saved on the server): drop the local copy.
  Array.prototype.forEach.call(document.querySelectorAll("[data-clear-draft]"), function (el) {
    forget(el.getAttribute("data-clear-draft"));
  });

  var form = document.getElementById("visit-form");
  if (!form) return;

  var key = form.getAttribute("data-draft-key");
  var uuidInput = form.querySelector('input[name="client_uuid"]');
  var buttons = form.querySelectorAll('button[type="submit"]');
  var sendError = document.getElementById("visit-send-error");
  var restoredBanner = document.getElementById("visit-restored");

  if (form.hasAttribute("data-clear-draft") && window.history.replaceState) {
    // Drop ?tersimpan=1 so that a later reload does not drop newer local edits.
    window.history.replaceState(null, "", window.location.pathname);
  }

  // --- saving and restoring ----------------------------------------------------------------

  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return (
        el.name &&
        el.type !== "file" &&
        el.type !== "submit" &&
        el.type !== "button" &&
        el.name !== "csrfmiddlewaretoken" &&
        el.name !== "client_uuid" &&
        el.name !== "action"
      );
    });
  }

  function snapshot() {
    var data = {};
    fields().forEach(function (el) {
      if (el.type === "radio") {
        if (el.checked) data[el.name] = el.value;
      } else if (el.type === "checkbox") {
        data[el.name] = el.checked;
      } else {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function save() {
    store(PREFIX + key, JSON.stringify({ saved: Date.now(), fields: snapshot() }));
    if (form.hasAttribute("data-new")) store(NEW_POINTER, key);
  }

  function restore(data) {
    fields().forEach(function (el) {
      if (!(el.name in data)) return;
      var value = data[el.name];
      if (el.type === "radio") {
        el.checked = el.value === value;
      } else if (el.type === "checkbox") {
        el.checked = value === true;
      } else {
        el.value = value;
      }
    });
  }

  function stored(uuid) {
    var raw = load(PREFIX + uuid);
    if (!raw) return null;
    try {
      var parsed = JSON.parse(raw);
      return parsed && parsed.fields ? parsed.fields : null;
    } catch (e) {
      return null;
    }
  }

  if (!form.hasAttribute("data-bound")) {
    var data = stored(key);
    var pointer = load(NEW_POINTER);
    if (!data && form.hasAttribute("data-new") && pointer && pointer !== key && stored(pointer)) {
      // An earlier new form was never confirmed by the server: continue it, with its uuid, so
      // that sending it again cannot make a second visit.
      key = pointer;
      uuidInput.value = key;
      form.setAttribute("data-draft-key", key);
      data = stored(key);
      var discard = document.getElementById("visit-discard");
      if (discard) {
        discard.hidden = false;
        discard.addEventListener("click", function () {
          forget(key);
          window.location.reload();
        });
      }
    }
    if (data && !form.hasAttribute("data-clear-draft")) {
      restore(data);
      if (restoredBanner) restoredBanner.classList.remove("d-none");
    }
  }

  form.addEventListener("input", save);
  form.addEventListener("change", save);

  // --- connection --------------------------------------------------------------------------

  var offlineBanner = document.getElementById("visit-offline");

  function showConnection() {
    if (offlineBanner) offlineBanner.classList.toggle("d-none", navigator.onLine !== false);
  }

  window.addEventListener("online", showConnection);
  window.addEventListener("offline", showConnection);
  showConnection();

  function fail(message) {
    if (!sendError) return;
    sendError.textContent = message;
    sendError.classList.remove("d-none");
    sendError.scrollIntoView({ block: "center" });
  }

  // --- sending -----------------------------------------------------------------------------

  var photosBusy = false;

  function setButtons(disabled) {
    Array.prototype.forEach.call(buttons, function (b) {
      if (b.hasAttribute("data-off")) return;
      b.disabled = disabled;
    });
  }

  Array.prototype.forEach.call(buttons, function (b) {
    if (b.disabled) b.setAttribute("data-off", ""); // the server said no (not on duty)
  });

  // On the document, after sehati.js: its confirmation may already have cancelled the send.
  document.addEventListener("submit", function (event) {
    if (event.target !== form || event.defaultPrevented) return;
    save();
    if (navigator.onLine === false) {
      event.preventDefault();
      fail(form.getAttribute("data-msg-offline"));
      return;
    }
    if (photosBusy) {
      event.preventDefault();
      fail(form.getAttribute("data-msg-photos"));
      return;
    }
    // A disabled button is not sent: carry its value in a hidden field.
    var submitter = event.submitter;
    var mirror = form.querySelector('input[type="hidden"][name="action"]');
    if (!mirror) {
      mirror = document.createElement("input");
      mirror.type = "hidden";
      mirror.name = "action";
      form.appendChild(mirror);
    }
    mirror.value = submitter && submitter.name === "action" ? submitter.value : "draft";
    setButtons(true);
  });

  window.addEventListener("pageshow", function () {
    setButtons(false);
    showConnection();
  });

  // --- location ----------------------------------------------------------------------------

  var lat = document.getElementById("id_latitude");
  var lon = document.getElementById("id_longitude");
  var locText = document.getElementById("visit-location-text");
  var locate = document.getElementById("visit-locate");
  var locClear = document.getElementById("visit-location-clear");

  function showLocation() {
    if (!locText) return;
    if (lat.value && lon.value) {
      locText.textContent = form.getAttribute("data-msg-located") + " " + lat.value + ", " + lon.value;
      locClear.classList.remove("d-none");
    } else {
      locText.textContent = "";
      locClear.classList.add("d-none");
    }
  }

  if (locate && "geolocation" in navigator) {
    locate.classList.remove("d-none");
    locate.addEventListener("click", function () {
      locText.textContent = form.getAttribute("data-msg-locating");
      navigator.geolocation.getCurrentPosition(
        function (position) {
          lat.value = position.coords.latitude.toFixed(6);
          lon.value = position.coords.longitude.toFixed(6);
          showLocation();
          save();
        },
        function () {
          showLocation();
          locText.textContent = form.getAttribute("data-msg-no-location");
        },
        { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
      );
    });
    locClear.addEventListener("click", function () {
      lat.value = "";
      lon.value = "";
      showLocation();
      save();
    });
    showLocation();
  }

  // --- titik rawan of the chosen unit only -------------------------------------------------

  var unit = document.getElementById("id_service_unit");
  var prone = document.getElementById("id_prone_service");

  function filterProne() {
    if (!unit || !prone) return;
    Array.prototype.forEach.call(prone.options, function (option) {
      var owner = option.getAttribute("data-unit");
      var hide = owner !== null && owner !== unit.value;
      option.hidden = hide;
      option.disabled = hide;
      if (hide && option.selected) prone.value = "";
    });
  }

  if (unit) unit.addEventListener("change", filterProne);
  filterProne();

  // --- findings ----------------------------------------------------------------------------

  var hasFindings = document.getElementById("id_has_findings");
  var findingsBox = document.getElementById("visit-findings");
  var blocks = form.querySelectorAll(".visit-finding");
  var more = document.getElementById("visit-finding-more");

  function blockFilled(block) {
    return Array.prototype.some.call(block.querySelectorAll("input, select, textarea"), function (el) {
      return el.value.trim() !== "";
    });
  }

  function showBlocks() {
    if (!hasFindings || !findingsBox) return;
    findingsBox.classList.toggle("d-none", !hasFindings.checked);
    var hidden = 0;
    Array.prototype.forEach.call(blocks, function (block, i) {
      var show = i === 0 || blockFilled(block) || block.hasAttribute("data-open");
      block.classList.toggle("d-none", !show);
      if (!show) hidden += 1;
    });
    if (more) more.classList.toggle("d-none", hidden === 0);
  }

  if (more) {
    more.addEventListener("click", function () {
      var next = Array.prototype.find.call(blocks, function (b) {
        return b.classList.contains("d-none");
      });
      if (next) {
        next.setAttribute("data-open", "");
        showBlocks();
        var first = next.querySelector("select");
        if (first) first.focus();
      }
    });
  }
  if (hasFindings) hasFindings.addEventListener("change", showBlocks);
  showBlocks();

  // Non-compliant answers suggest a finding of the item's category.
  var suggestBox = document.getElementById("visit-suggest");
  var suggestList = document.getElementById("visit-suggest-list");

  function categoryLabel(value) {
    var select = form.querySelector('select[name="f1_category"]');
    if (!select) return value;
    var option = Array.prototype.find.call(select.options, function (o) {
      return o.value === value;
    });
    return option ? option.textContent : value;
  }

  function useCategory(category) {
    hasFindings.checked = true;
    var target = Array.prototype.find.call(blocks, function (block) {
      var select = block.querySelector('select[name$="_category"]');
      return select && (select.value === "" || select.value === category);
    });
    if (!target) return;
    target.setAttribute("data-open", "");
    target.querySelector('select[name$="_category"]').value = category;
    showBlocks();
    save();
    var description = target.querySelector("textarea");
    if (description) description.focus();
  }

  function suggest() {
    if (!suggestBox || !suggestList || !hasFindings) return;
    var categories = [];
    Array.prototype.forEach.call(form.querySelectorAll(".visit-item"), function (item) {
      var checked = item.querySelector('input[type="radio"]:checked');
      var category = item.getAttribute("data-category");
      if (checked && category && checked.value !== item.getAttribute("data-good")) {
        if (categories.indexOf(category) === -1) categories.push(category);
      }
    });
    // Rebuild only when the set changes: a "change" fired by a blur (the tap that lands on a
    // suggestion) must not replace the button under the finger.
    var shown = categories.join(" ");
    if (shown === suggestList.getAttribute("data-shown")) return;
    suggestList.setAttribute("data-shown", shown);
    suggestList.textContent = "";
    categories.forEach(function (category) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "btn btn-sm btn-outline-danger me-1 mb-1";
      b.textContent = categoryLabel(category);
      b.addEventListener("click", function () {
        useCategory(category);
      });
      suggestList.appendChild(b);
    });
    suggestBox.classList.toggle("d-none", categories.length === 0);
  }

  form.addEventListener("change", suggest);
  suggest();

  // --- photos: scale down before upload ----------------------------------------------------

  var photos = document.getElementById("id_photos");
  var photoStatus = document.getElementById("visit-photo-status");
  var canScale =
    typeof window.DataTransfer === "function" &&
    typeof HTMLCanvasElement !== "undefined" &&
    !!HTMLCanvasElement.prototype.toBlob;

  function decode(file) {
    if (window.createImageBitmap) {
      return window.createImageBitmap(file);
    }
    return new Promise(function (resolve, reject) {
      var img = new Image();
      var url = URL.createObjectURL(file);
      img.onload = function () {
        URL.revokeObjectURL(url);
        resolve(img);
      };
      img.onerror = function () {
        URL.revokeObjectURL(url);
        reject(new Error("decode"));
      };
      img.src = url;
    });
  }

  function scaled(file) {
    if (!/^image\/(jpeg|png|webp)$/.test(file.type)) return Promise.resolve(file);
    return decode(file)
      .then(function (image) {
        var w = image.width;
        var h = image.height;
        var edge = Math.max(w, h);
        if (!edge || edge <= MAX_EDGE) return file;
        var ratio = MAX_EDGE / edge;
        var canvas = document.createElement("canvas");
        canvas.width = Math.round(w * ratio);
        canvas.height = Math.round(h * ratio);
        canvas.getContext("2d").drawImage(image, 0, 0, canvas.width, canvas.height);
        return new Promise(function (resolve) {
          canvas.toBlob(
            function (blob) {
              if (!blob || blob.size >= file.size) {
                resolve(file);
                return;
              }
              var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
              resolve(new File([blob], name, { type: "image/jpeg", lastModified: Date.now() }));
            },
            "image/jpeg",
            0.85
          );
        });
      })
      .catch(function () {
        return file; // anything odd: send the original
      });
  }

  if (photos && canScale && window.Promise) {
    photos.addEventListener("change", function () {
      var files = Array.prototype.slice.call(photos.files || []);
      if (!files.length) return;
      photosBusy = true;
      if (photoStatus) photoStatus.textContent = form.getAttribute("data-msg-photos");
      Promise.all(files.map(scaled))
        .then(function (results) {
          var transfer = new DataTransfer();
          results.forEach(function (f) {
            transfer.items.add(f);
          });
          photos.files = transfer.files;
        })
        .catch(function () {
          // keep the originals
        })
        .then(function () {
          photosBusy = false;
          if (photoStatus) photoStatus.textContent = "";
        });
    });
  }
})();
