/* An upload being read: poll its state and show the pages read so far ("第 3/5 页"), then the
   result when it is settled (the page also refreshes itself without JavaScript). The texts
   come from the server in the page's language, the same as after a reload. */
(function () {
  var box = document.getElementById('parse-job');
  if (!box) return;
  function show(id, text) {
    var el = document.getElementById(id);
    el.textContent = text;
    el.hidden = !text;
  }
  function tick() {
    fetch(box.dataset.stateUrl, {cache: 'no-store', credentials: 'same-origin'})
      .then(function (r) { return r.json(); }).then(function (s) {
        if (s.status !== 'parsing') { window.location.reload(); return; }
        document.getElementById('parse-status').textContent = s.step;
        show('parse-pages', s.pages);
        document.getElementById('parse-seconds').textContent = s.timing;
        show('parse-note', s.note);
        var bar = document.getElementById('parse-progress');
        if (s.total) { bar.max = s.total; bar.value = s.done; bar.textContent = s.pages; }
        else { bar.removeAttribute('value'); }
        setTimeout(tick, 1000);
      }).catch(function () { setTimeout(tick, 2000); });
  }
  setTimeout(tick, 500);
})();
