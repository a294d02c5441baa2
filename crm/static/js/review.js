// Team review: draws the 12-week trend charts from the JSON block on the page (no inline script: strict CSP),
// opens the data tables for printing, and wires the Print button.
(function () {
  'use strict';

  // Colour-blind-safe (Okabe–Ito) colours; each line also has its own point style so colour is not the only cue.
  var COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
  var POINTS = ['circle', 'rect', 'triangle', 'rectRot', 'star', 'crossRot', 'rectRounded', 'cross'];

  function styled(dataset, n) {
    dataset.borderColor = dataset.backgroundColor = COLOURS[n % COLOURS.length];
    dataset.pointStyle = POINTS[n % POINTS.length];
    return dataset;
  }

  function line(canvasId, labels, datasets, target) {
    var canvas = document.getElementById(canvasId);
    if (!canvas || typeof Chart === 'undefined') { return; }
    datasets.push({label: 'Target (' + target + ')', data: labels.map(function () { return target; }),
                   borderDash: [6, 4], pointRadius: 0, borderColor: '#6c757d', backgroundColor: '#6c757d'});
    new Chart(canvas, {
      type: 'line',
      data: {labels: labels, datasets: datasets},
      options: {responsive: true, maintainAspectRatio: false, animation: false,
                scales: {y: {beginAtZero: true, title: {display: true, text: 'Face-to-face contacts'}}},
                plugins: {legend: {position: 'bottom'}}}
    });
  }

  function draw() {
    var source = document.getElementById('trend-json');
    if (!source) { return; }
    var data = JSON.parse(source.textContent);
    line('team-trend-chart', data.labels, [styled({label: data.team_label, data: data.team, borderWidth: 3}, 0)],
         data.target);
    if (data.series.length) {
      line('specialist-trend-chart', data.labels, data.series.map(function (counts, n) {
        return styled({label: data.specialists[n], data: counts}, n);
      }), data.target);
    }
  }

  var closedForPrint = [];
  window.addEventListener('beforeprint', function () {
    closedForPrint = Array.prototype.filter.call(document.querySelectorAll('details'), function (d) { return !d.open; });
    closedForPrint.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    closedForPrint.forEach(function (d) { d.open = false; });
  });

  document.addEventListener('DOMContentLoaded', function () {
    var button = document.getElementById('print-review');
    if (button) { button.addEventListener('click', function () { window.print(); }); }
    draw();
  });
}());
