/* An upload being read: poll its state and show the result when it is settled (the page also
   refreshes itself without JavaScript). */
(function () {
  var box = document.getElementById('parse-job');
  if (!box) return;
  var zh = document.documentElement.lang.indexOf('zh') === 0;
  function tick() {
    fetch(box.dataset.stateUrl, {cache: 'no-store', credentials: 'same-origin'})
      .then(function (r) { return r.json(); }).then(function (s) {
        if (s.status !== 'parsing') { window.location.reload(); return; }
        document.getElementById('parse-status').textContent = s.job === 'queued'
          ? (zh ? '排队等待读取' : 'waiting in the queue')
          : (zh ? '正在读取文件内容、签字和印章' : 'reading the fields, signatures and seals');
        document.getElementById('parse-seconds').textContent =
          (zh ? '已用 ' : 'elapsed ') + Math.round(s.seconds) + (zh ? ' 秒' : ' s');
        document.getElementById('parse-progress').value = Math.min(s.seconds, s.limit);
        setTimeout(tick, 1000);
      }).catch(function () { setTimeout(tick, 2000); });
  }
  setTimeout(tick, 500);
})();
