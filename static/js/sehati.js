// Confirmation before irreversible steps: any submit button with data-confirm asks first.
// Without JavaScript the form still works (the server-side step is the same).
document.addEventListener("submit", function (event) {
  var button = event.submitter;
  var message = button && button.getAttribute("data-confirm");
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});
