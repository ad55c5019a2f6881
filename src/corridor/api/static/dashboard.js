// Fills each element with a data-fragment attribute from that address, after the page has shown
// (the dashboard's slower sections). Served from the server itself: the page allows no inline script.
document.querySelectorAll("[data-fragment]").forEach((element) => {
  fetch(element.dataset.fragment)
    .then((answer) => answer.text())
    .then((html) => { element.innerHTML = html; });
});
