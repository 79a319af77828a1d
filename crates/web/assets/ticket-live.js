// The ticket page: live updates and macros; the ticket comes from the script tag.
// Live updates: the server says when the ticket changes (new message, assignment).
(function () {
  var page = document.currentScript.dataset;
  if (window.EventSource) {
    var events = new EventSource('/agent/tickets/' + encodeURIComponent(page.ticket) + '/events?since=' + encodeURIComponent(page.since));
    events.addEventListener('changed', function () { document.getElementById('live').hidden = false; });
    events.addEventListener('presence', function (e) {
      document.getElementById('viewer-names').textContent = e.data;
      document.getElementById('viewers').hidden = e.data === '';
    });
  }
  // Choosing a macro puts its text in the reply; without script the server does it.
  document.getElementById('macro').addEventListener('change', function (e) {
    var option = e.target.selectedOptions[0];
    if (option && option.dataset.body) { document.getElementById('body').value = option.dataset.body; }
  });
})();
