// The inbox's live queue counts; the page's view comes from the script tag.
// Live queue counts: the server says when a queue grows or shrinks.
(function () {
  if (window.EventSource) {
    var params = new URLSearchParams(location.search);
    var view = params.get('view') || document.currentScript.dataset.view;
    var events = new EventSource('/agent/inbox/events?' + params.toString());
    var first = null;
    events.addEventListener('counts', function (e) {
      var counts = JSON.parse(e.data);
      Object.keys(counts).forEach(function (key) {
        var el = document.querySelector('#views .count[data-view="' + key + '"]');
        if (el) { el.textContent = counts[key]; }
      });
      if (first === null) { first = counts[view]; }
      else if (counts[view] !== first) { document.getElementById('queue-changed').hidden = false; }
    });
  }
})();
