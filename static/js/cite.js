// "Cite this record": copy buttons for the citation blocks (templates/public/_cite.html).
// The buttons stay hidden without JavaScript or a clipboard; the text can be selected.
(function () {
  "use strict";
  if (!navigator.clipboard) {
    return;
  }
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var block = document.getElementById(button.dataset.copy);
    var status = button.closest(".cite-record").querySelector(".copy-status");
    if (!block) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(block.textContent).then(function () {
        if (status) {
          status.textContent = button.dataset.copied;
        }
      });
    });
  });
})();
