// The chat page (also inside the widget's frame). The language is the page's.
(function () {
  var lang = document.documentElement.lang || 'en';
  var log = document.getElementById('chat-log');
  var last = 0;
  function show(lines) {
    lines.forEach(function (m) {
      if (m.id <= last) { return; }
      last = m.id;
      var p = document.createElement('p');
      p.className = 'chat-line ' + m.sender;
      p.dataset.sender = m.sender;
      var parts = m.body.split(/(\/chat\/returns\/[A-Za-z0-9-]+\/label\.pdf)/);
      parts.forEach(function (part) {
        if (/^\/chat\/returns\//.test(part)) { var a = document.createElement('a'); a.href = part; a.className = 'label-link'; a.textContent = part; p.appendChild(a); }
        else { p.appendChild(document.createTextNode(part)); }
      });
      log.appendChild(p);
    });
    log.scrollTop = log.scrollHeight;
  }
  // A refusal (too fast, too long, chat ended) is shown as a notice line,
  // never dropped silently.
  function notice(text) {
    var p = document.createElement('p');
    p.className = 'chat-line notice';
    p.setAttribute('role', 'alert');
    p.textContent = text;
    log.appendChild(p);
    log.scrollTop = log.scrollHeight;
  }
  function answer(r) {
    if (r && r.error) { notice(r.error); return false; }
    show((r && r.messages) || []);
    return true;
  }
  function call(path, body) {
    return fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'marketdesk' }, body: JSON.stringify(body), credentials: 'same-origin' })
      .then(function (r) { return r.json(); });
  }
  // Lines travel over a WebSocket; without one (old proxy), the same JSON
  // calls and a poll every two seconds do the job.
  var socket = null;
  var lastSent = '';
  function connect() {
    if (!window.WebSocket) { poll(); return; }
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    var ws = new WebSocket(scheme + location.host + '/chat/socket?after=' + last);
    var opened = false;
    ws.onopen = function () { opened = true; socket = ws; };
    ws.onmessage = function (e) {
      var input = document.getElementById('chat-input');
      if (!answer(JSON.parse(e.data)) && lastSent && !input.value) { input.value = lastSent; }
      lastSent = '';
    };
    ws.onclose = function () {
      socket = null;
      if (opened) { setTimeout(connect, 1000); } else { poll(); }
    };
  }
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { zone = undefined; }
  call('/chat/start', { language: lang, time_zone: zone }).then(function (r) { if (answer(r)) { connect(); } });
  document.getElementById('chat-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = document.getElementById('chat-input');
    var text = input.value.trim();
    if (!text) { return; }
    input.value = '';
    if (socket && socket.readyState === 1) { lastSent = text; socket.send(JSON.stringify({ text: text })); return; }
    call('/chat/send', { text: text }).then(function (r) {
      // Keep what was typed when it was refused, so nothing is lost.
      if (!answer(r) && !input.value) { input.value = text; }
    });
  });
  var polling = false;
  function poll() {
    if (polling) { return; }
    polling = true;
    setInterval(function () {
      fetch('/chat/messages?after=' + last, { credentials: 'same-origin' }).then(function (r) { return r.json(); }).then(answer);
    }, 2000);
  }
})();
