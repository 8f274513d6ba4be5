// unspin workbench: the only page script besides the report's and the graph's. It polls an
// ingest job's progress; every value goes in through textContent, never as markup.
(function () {
  'use strict';
  var box = document.getElementById('job');
  if (!box) { return; }
  var id = box.getAttribute('data-job-id');
  function text(elementId, value) {
    var el = document.getElementById(elementId);
    if (el) { el.textContent = String(value); }
  }
  function show(job) {
    text('job-status', job.status);
    text('job-read', job.read);
    text('job-added', job.added);
    text('job-duplicates', job.skipped_duplicates);
    text('job-analysed', job.to_analyse === null ? job.analysed : job.analysed + ' of ' + job.to_analyse);
    text('job-errors', job.error_count);
    var bar = document.getElementById('job-progress');
    if (bar) {
      bar.max = Math.max(1, job.to_analyse || 1);
      bar.value = job.status === 'done' ? bar.max : job.analysed;
    }
    var list = document.getElementById('job-error-list');
    if (list && job.errors.length) {
      while (list.firstChild) { list.removeChild(list.firstChild); }
      job.errors.forEach(function (e) {
        var li = document.createElement('li');
        var strong = document.createElement('strong');
        strong.textContent = e.source;
        li.appendChild(strong);
        li.appendChild(document.createTextNode(': ' + e.reason));
        list.appendChild(li);
      });
    }
    document.documentElement.setAttribute('data-job-status', job.status);
  }
  function poll() {
    fetch('/api/v1/jobs/' + encodeURIComponent(id), {credentials: 'same-origin'})
      .then(function (r) { return r.json(); })
      .then(function (job) {
        show(job);
        if (job.status !== 'done' && job.status !== 'failed') { setTimeout(poll, 800); }
      })
      .catch(function () { setTimeout(poll, 2000); });
  }
  var data = document.getElementById('job-data');
  if (data) { show(JSON.parse(data.textContent)); }
  poll();
})();
