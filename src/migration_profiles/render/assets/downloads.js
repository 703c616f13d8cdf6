/* SVG and PNG downloads of each drawn chart, made in the reader's browser from the chart Vega drew
   (view.toSVG, view.toImageURL), so the build does not render thousands of images few readers ask for.
   site.js announces each drawn chart with an "mp-chart-drawn" event carrying its Vega view. */
(function () {
  "use strict";

  function save(url, name) {
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function button(label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "mp-link-button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  document.addEventListener("mp-chart-drawn", function (event) {
    var figure = event.target;
    var view = event.detail && event.detail.view;
    var holder = document.querySelector('.mp-chart-downloads[data-chart="' + figure.dataset.chart + '"]');
    if (!view || !holder || holder.dataset.images === "yes") { return; }
    holder.dataset.images = "yes";
    var name = holder.dataset.name;
    holder.appendChild(document.createTextNode(" · "));
    holder.appendChild(button("SVG", function () {
      view.toSVG().then(function (svg) {
        var url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
        save(url, name + ".svg");
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      });
    }));
    holder.appendChild(document.createTextNode(" · "));
    holder.appendChild(button("PNG", function () {
      view.toImageURL("png", 2).then(function (url) { save(url, name + ".png"); });
    }));
  });
})();
