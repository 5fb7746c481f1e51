// The answer form: the report picker shows only for "reported" and the gifts part only for
// "unreported". Without JavaScript both stay visible (the server ignores the part not chosen).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-declaration-form]").forEach(function (form) {
    var parts = form.querySelectorAll("[data-answer-part]");
    var sync = function () {
      var chosen = form.querySelector('input[name="answer"]:checked');
      var value = chosen ? chosen.value : "";
      parts.forEach(function (part) {
        part.hidden = part.getAttribute("data-answer-part") !== value;
      });
    };
    form.addEventListener("change", function (event) {
      if (event.target.name === "answer") sync();
    });
    sync();
  });
});
