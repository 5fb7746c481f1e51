// "Pilih semua" for a checkbox list: a checkbox with data-check-all="<fieldset id>" ticks or
// clears every checkbox in that fieldset. Hidden without JavaScript (the list works without it).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-check-all]").forEach(function (all) {
    var box = document.getElementById(all.getAttribute("data-check-all"));
    if (!box) return;
    var items = function () {
      return Array.prototype.filter.call(
        box.querySelectorAll('input[type="checkbox"]'),
        function (c) { return c !== all; }
      );
    };
    var sync = function () {
      var list = items();
      var ticked = list.filter(function (c) { return c.checked; }).length;
      all.checked = list.length > 0 && ticked === list.length;
      all.indeterminate = ticked > 0 && ticked < list.length;
    };
    var wrapper = all.closest("[data-check-all-wrapper]");
    if (wrapper) wrapper.hidden = false;
    all.addEventListener("change", function () {
      items().forEach(function (c) { c.checked = all.checked; });
    });
    box.addEventListener("change", function (event) {
      if (event.target !== all) sync();
    });
    sync();
  });
});
