// The live chat console: chats waiting and the agent's own, the open
// conversation, typing — all over one WebSocket that reconnects by itself.
// Lines carry ids: each is shown once, in order, whatever reconnects.
(function () {
  var root = document.getElementById('console');
  var words = root.dataset;
  var waitingList = document.getElementById('waiting');
  var mineList = document.getElementById('mine');
  var log = document.getElementById('console-log');
  var form = document.getElementById('console-form');
  var input = document.getElementById('console-input');
  var title = document.getElementById('conversation-title');
  var ticketLink = document.getElementById('conversation-ticket');
  var typingNote = document.getElementById('customer-typing');
  var errorNote = document.getElementById('console-error');
  var current = null;
  var last = 0;
  var socket = null;
  var typingTimer = null;
  var typedAt = 0;

  // Commands made while the socket reconnects wait for it (a few at most):
  // a click on "accept" during a reconnect is not lost.
  var pending = [];
  function send(command) {
    if (socket && socket.readyState === 1) { socket.send(JSON.stringify(command)); return true; }
    if (pending.length < 20) { pending.push(command); return true; }
    return false;
  }
  function select(chat) {
    if (!current || current.ticket_id !== chat.ticket_id) {
      current = chat;
      last = 0;
      log.replaceChildren();
      typingNote.hidden = true;
    }
    title.textContent = chat.customer + ' · ' + chat.reference;
    ticketLink.href = '/agent/tickets/' + chat.ticket_id;
    ticketLink.hidden = false;
    form.hidden = false;
  }
  function item(chat, waiting) {
    var li = document.createElement('li');
    li.dataset.ticket = chat.ticket_id;
    var open = document.createElement('button');
    open.type = 'button';
    open.className = 'secondary open-chat';
    open.textContent = chat.customer + ' · ' + chat.reference + ' · ' + chat.language;
    open.addEventListener('click', function () { select(chat); send({ open: chat.ticket_id }); });
    li.appendChild(open);
    if (waiting) {
      var accept = document.createElement('button');
      accept.type = 'button';
      accept.className = 'accept';
      accept.textContent = words.accept;
      accept.addEventListener('click', function () { select(chat); send({ accept: chat.ticket_id }); });
      li.appendChild(accept);
    }
    return li;
  }
  function lists(queue) {
    waitingList.replaceChildren.apply(waitingList, queue.waiting.map(function (c) { return item(c, true); }));
    mineList.replaceChildren.apply(mineList, queue.mine.map(function (c) { return item(c, false); }));
    document.getElementById('waiting-count').textContent = queue.waiting.length;
    document.getElementById('waiting-none').hidden = queue.waiting.length > 0;
  }
  function lines(update) {
    if (!current || update.ticket !== current.ticket_id) { return; }
    update.lines.forEach(function (line) {
      if (line.id <= last) { return; }
      last = line.id;
      var p = document.createElement('p');
      p.className = 'chat-line ' + (line.sender === 'customer' ? 'assistant' : line.sender === 'agent' ? 'customer' : 'notice');
      p.dataset.sender = line.sender;
      var files = line.files || [];
      // A file's own line ("📎 name") is its link.
      if (!(files.length && line.body.indexOf('📎') === 0)) {
        p.textContent = (line.sender === 'note' ? words.note + ': ' : '') + line.body;
      }
      files.forEach(function (file) {
        var a = document.createElement('a');
        a.href = file[1];
        a.className = 'file-link';
        a.textContent = '📎 ' + file[0];
        if (p.childNodes.length) { p.appendChild(document.createElement('br')); }
        p.appendChild(a);
      });
      log.appendChild(p);
    });
    typingNote.hidden = true;
    log.scrollTop = log.scrollHeight;
  }
  function typing(update) {
    if (!current || update.ticket !== current.ticket_id) { return; }
    typingNote.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { typingNote.hidden = true; }, 4000);
  }
  function connect() {
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    var ws = new WebSocket(scheme + location.host + '/agent/chats/socket');
    ws.onopen = function () {
      socket = ws;
      errorNote.hidden = true;
      if (current) { send({ open: current.ticket_id }); }
      pending.splice(0).forEach(send);
    };
    ws.onmessage = function (e) {
      var m = JSON.parse(e.data);
      if (m.queue) { lists(m.queue); }
      if (m.lines) { lines(m.lines); }
      if (m.typing) { typing(m.typing); }
      if (m.error) { errorNote.textContent = m.error; errorNote.hidden = false; }
    };
    ws.onclose = function () { socket = null; setTimeout(connect, 1000); };
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text || !current) { return; }
    if (send({ send: current.ticket_id, text: text })) { input.value = ''; errorNote.hidden = true; }
  });
  input.addEventListener('input', function () {
    if (socket && current && Date.now() - typedAt > 2000) { typedAt = Date.now(); send({ typing: current.ticket_id }); }
  });
  connect();
})();
