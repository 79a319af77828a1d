// Keeps the service-level badges counting: the server renders the time left
// when the page is made; this turns "ok" into "warning" into "overdue" while
// the page stays open, without reloading.
(function () {
  function span(seconds, units) {
    var u = units.split(',');
    var minutes = Math.floor(seconds / 60);
    var days = Math.floor(minutes / 1440), hours = Math.floor(minutes / 60) % 24, mins = minutes % 60;
    if (days > 0) return days + ' ' + u[0] + ' ' + hours + ' ' + u[1];
    if (hours > 0) return hours + ' ' + u[1] + ' ' + mins + ' ' + u[2];
    return mins + ' ' + u[2];
  }
  function tick() {
    var now = Date.now();
    var clocks = document.querySelectorAll('.sla[data-due]');
    for (var i = 0; i < clocks.length; i++) {
      var el = clocks[i];
      var due = Date.parse(el.dataset.due), warn = Date.parse(el.dataset.warn);
      if (isNaN(due)) continue;
      var state = now > due ? 'breached' : (now >= warn ? 'warning' : 'ok');
      var text = state === 'breached'
        ? el.dataset.over.replace('{}', span((now - due) / 1000, el.dataset.units))
        : el.dataset.left.replace('{}', span((due - now) / 1000, el.dataset.units));
      el.textContent = text;
      el.className = 'badge sla sla-' + state;
    }
  }
  tick();
  setInterval(tick, 30000);
})();
