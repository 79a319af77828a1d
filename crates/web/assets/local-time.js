// Shows every <time datetime> on the page in the viewer's own time zone and
// language. The server writes UTC (it cannot know the zone); the UTC text
// stays in the tooltip so agents can still match times with logs.
(function () {
  var lang = document.documentElement.lang || undefined;
  var format;
  try {
    format = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  } catch (e) {
    return; // Old browser: the UTC text stays.
  }
  function localize(root) {
    var times = root.querySelectorAll('time[datetime]:not([data-local])');
    for (var i = 0; i < times.length; i++) {
      var el = times[i];
      var at = new Date(el.getAttribute('datetime'));
      if (isNaN(at.getTime())) continue;
      el.title = el.textContent;
      el.textContent = format.format(at);
      el.setAttribute('data-local', '');
    }
  }
  localize(document);
  // Messages arriving live (ticket page) are localized too.
  new MutationObserver(function () { localize(document); })
    .observe(document.body, { childList: true, subtree: true });
})();
