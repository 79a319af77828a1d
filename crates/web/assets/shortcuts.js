// Keyboard shortcuts of the agent workspace. Keys are ignored while typing.
(function () {
  var pending = '';
  function typing(e) {
    var tag = (e.target && e.target.tagName) || '';
    return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || e.target.isContentEditable;
  }
  function rows() { return Array.prototype.slice.call(document.querySelectorAll('#tickets tbody tr')); }
  var current = -1;
  function mark(i) {
    var list = rows();
    if (!list.length) { return; }
    current = Math.max(0, Math.min(list.length - 1, i));
    list.forEach(function (r, j) { r.style.outline = j === current ? '3px solid #ffb000' : ''; });
    list[current].scrollIntoView({ block: 'nearest' });
  }
  document.addEventListener('keydown', function (e) {
    if (typing(e) || e.ctrlKey || e.metaKey || e.altKey) { return; }
    var key = e.key;
    if (pending === 'g' && key === 'i') { window.location = '/agent'; pending = ''; return; }
    pending = key === 'g' ? 'g' : '';
    var body = document.getElementById('body');
    var kind = document.querySelector('#reply select[name="kind"]');
    if (key === 'r' && body) { e.preventDefault(); if (kind) { kind.value = 'public'; } body.focus(); }
    if (key === 'n' && body) { e.preventDefault(); if (kind) { kind.value = 'note'; } body.focus(); }
    if (key === 'j') { mark(current + 1); }
    if (key === 'k') { mark(current - 1); }
    if (key === 'o' && current >= 0) {
      var link = rows()[current].querySelector('a.ticket-link');
      if (link) { window.location = link.href; }
    }
  });
})();
