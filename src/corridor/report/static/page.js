// The script of the report and the dashboard (the dashboard serves it from itself: its page allows
// no inline script; the report, a file, carries it inline):
// 1. fills each element with a data-fragment attribute from that address, after the page has
//    shown (the slower sections);
// 2. puts a "CSV" link above every table, which downloads the table as the page shows it.

function csvCell(text) {
  const t = text.replace(/\s+/g, " ").trim();
  return /[",\n]/.test(t) ? '"' + t.replace(/"/g, '""') + '"' : t;
}

function tableCsv(table) {
  return Array.from(table.rows)
    .map((row) => Array.from(row.cells).map((cell) => csvCell(cell.innerText)).join(","))
    .join("\n") + "\n";
}

function addDownloads(root) {
  root.querySelectorAll("table").forEach((table, i) => {
    if (table.dataset.csv) return;
    table.dataset.csv = "1";
    const link = document.createElement("a");
    const section = table.closest("[id]");
    const name = (section ? section.id : "table") + "-" + (i + 1) + ".csv";
    link.textContent = "CSV";
    link.href = "#";
    link.className = "csv";
    link.title = "Download this table as CSV";
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const blob = new Blob([tableCsv(table)], { type: "text/csv;charset=utf-8" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    });
    table.parentNode.insertBefore(link, table);
  });
}

addDownloads(document);
document.querySelectorAll("[data-fragment]").forEach((element) => {
  fetch(element.dataset.fragment)
    .then((answer) => answer.text())
    .then((html) => {
      element.innerHTML = html;
      addDownloads(element);
    });
});
