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
      var parts = m.body.split(/(\/chat\/returns\/[A-Za-z0-9-]+\/label\.pdf|\/chat\/files\/[0-9]+)/);
      parts.forEach(function (part) {
        if (/^\/chat\/returns\//.test(part)) { var a = document.createElement('a'); a.href = part; a.className = 'label-link'; a.textContent = part; p.appendChild(a); }
        else if (/^\/chat\/files\//.test(part)) { var f = document.createElement('a'); f.href = part; f.className = 'file-link'; f.textContent = part; p.appendChild(f); }
        else { p.appendChild(document.createTextNode(part)); }
      });
      log.appendChild(p);
      // A question's answers as buttons: one click sends its words.
      if (m.choices && m.choices.length) {
        var row = document.createElement('div');
        row.className = 'chat-choices';
        m.choices.forEach(function (choice) {
          var b = document.createElement('button');
          b.type = 'button';
          b.className = 'secondary chat-choice';
          b.textContent = choice;
          b.addEventListener('click', function () { send(choice); });
          row.appendChild(b);
        });
        log.appendChild(row);
      }
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
  // Who answers, or the place in the queue; an agent typing.
  var statusLine = document.getElementById('chat-status');
  var typingLine = document.getElementById('agent-typing');
  var agentName = '';
  var typingTimer = null;
  function status(st) {
    if (st.agent) {
      agentName = st.agent;
      // Someone is here: no need for the message-by-email form.
      document.getElementById('offline').hidden = true;
      statusLine.textContent = statusLine.dataset.agent.replace('%agent%', st.agent);
    } else if (st.position) {
      statusLine.textContent = statusLine.dataset.queue.replace('%position%', st.position).replace('%minutes%', st.wait_minutes);
    } else { statusLine.hidden = true; return; }
    statusLine.hidden = false;
  }
  function typing(name) {
    typingLine.textContent = statusLine.dataset.typing.replace('%agent%', name || agentName);
    typingLine.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { typingLine.hidden = true; }, 4000);
  }
  function answer(r) {
    if (r && r.status) { status(r.status); }
    if (r && r.typing) { typing(r.typing); }
    if (r && r.error) { notice(r.error); return false; }
    if (r && r.messages) { typingLine.hidden = true; }
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
      var frame = JSON.parse(e.data);
      if (!answer(frame) && lastSent && !input.value) { input.value = lastSent; }
      if (frame.messages || frame.error) { lastSent = ''; }
    };
    ws.onclose = function () {
      socket = null;
      if (opened) { setTimeout(connect, 1000); } else { poll(); }
    };
  }
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { zone = undefined; }
  call('/chat/start', { language: lang, time_zone: zone }).then(function (r) {
    if (r && r.offline) { document.getElementById('offline').hidden = false; }
    if (answer(r)) { connect(); }
  });
  // Nobody to chat with now: a message answered by email.
  document.getElementById('offline-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var form = e.target;
    call('/chat/offline', { name: form.elements['name'].value, email: form.elements['email'].value, message: form.elements['message'].value }).then(function (r) {
      if (answer(r)) { form.reset(); document.getElementById('offline').hidden = true; }
    });
  });
  // The conversation by email.
  document.getElementById('transcript-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var form = e.target;
    call('/chat/transcript', { email: form.elements['email'].value || null }).then(function (r) {
      if (r && r.sent_to) { notice(form.dataset.sent.replace('%email%', r.sent_to)); }
      else { answer(r); }
    });
  });
  function send(text) {
    var input = document.getElementById('chat-input');
    // Offered answers are for one question: gone once one is given.
    Array.prototype.forEach.call(log.querySelectorAll('.chat-choices'), function (row) { row.remove(); });
    if (socket && socket.readyState === 1) { lastSent = text; socket.send(JSON.stringify({ text: text })); return; }
    call('/chat/send', { text: text }).then(function (r) {
      // Keep what was typed when it was refused, so nothing is lost.
      if (!answer(r) && !input.value) { input.value = text; }
    });
  }
  document.getElementById('chat-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = document.getElementById('chat-input');
    var text = input.value.trim();
    if (!text) { return; }
    input.value = '';
    send(text);
  });
  // A file for the person answering (after the hand-over).
  document.getElementById('chat-file').addEventListener('change', function (e) {
    var file = e.target.files[0];
    if (!file) { return; }
    var body = new FormData();
    body.append('file', file);
    fetch('/chat/attachments', { method: 'POST', headers: { 'X-Requested-With': 'marketdesk' }, body: body, credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(answer, function () { notice(document.getElementById('chat-status').dataset.failed || ''); });
    e.target.value = '';
  });
  // The agent sees the customer typing (at most every two seconds).
  var typedAt = 0;
  document.getElementById('chat-input').addEventListener('input', function () {
    if (socket && socket.readyState === 1 && Date.now() - typedAt > 2000) {
      typedAt = Date.now();
      socket.send(JSON.stringify({ typing: true }));
    }
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
