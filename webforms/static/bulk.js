/* Live progress of a bulk job: polls its state (the page also works without it). */
(function () {
  var box = document.getElementById('job');
  if (!box || box.dataset.finished === 'true') return;
  var zh = document.documentElement.lang.indexOf('zh') === 0;
  var status = JSON.parse(box.dataset.statusText), stage = JSON.parse(box.dataset.stageText);
  function tick() {
    fetch(box.dataset.stateUrl, {cache: 'no-store'}).then(function (r) { return r.json(); }).then(function (s) {
      document.getElementById('job-status').textContent = status[s.status] || s.status;
      document.getElementById('job-stage').textContent = stage[s.stage] || s.stage;
      document.getElementById('job-count').textContent = s.done + '/' + s.total;
      var bar = document.getElementById('job-progress'); bar.value = s.done;
      var started = Date.parse(s.created), now = Date.now();
      if (s.done > 0 && s.status === 'running') {
        var rate = s.done / Math.max(1, (now - started) / 1000);
        var left = Math.round((s.total - s.done) / rate);
        document.getElementById('job-eta').textContent = zh ? '（' + rate.toFixed(0) + ' 份/秒，约剩 ' + left + ' 秒）' : '(' + rate.toFixed(0) + '/s, about ' + left + ' s left)';
      }
      document.getElementById('job-message').textContent = zh ? s.message_zh : s.message_en;
      if (s.status === 'done' || s.status === 'failed' || s.status === 'cancelled') {
        document.getElementById('job-eta').textContent = '';
        document.getElementById('job-stage').textContent = '';  // the status says it all
        document.getElementById('job-downloads').hidden = s.status !== 'done';
        var c = document.getElementById('job-cancel'); if (c) c.hidden = true;
        return;
      }
      setTimeout(tick, 700);
    }).catch(function () { setTimeout(tick, 2000); });
  }
  tick();
})();
