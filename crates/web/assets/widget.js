// marketdesk chat widget: <script src="https://help.example.com/widget.js" data-lang="es" async></script>
(function () {
  var me = document.currentScript;
  var origin = new URL(me.src).origin;
  var lang = me.getAttribute('data-lang') || document.documentElement.lang || 'en';
  var button = document.createElement('button');
  button.type = 'button';
  // A speech bubble drawn inline: no icon font or emoji font needed.
  button.innerHTML = '<svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true"><path fill="#fff" d="M4 4h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z"/></svg>';
  button.setAttribute('aria-label', 'Chat');
  button.id = 'marketdesk-chat-button';
  button.style.cssText = 'position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:#1f5fd6;color:#fff;display:flex;align-items:center;justify-content:center;cursor:pointer;z-index:2147483000;box-shadow:0 4px 12px rgba(0,0,0,.25)';
  var frame = null;
  button.addEventListener('click', function () {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.id = 'marketdesk-chat-frame';
      frame.title = 'Chat';
      frame.src = origin + '/chat?lang=' + encodeURIComponent(lang);
      frame.style.cssText = 'position:fixed;right:20px;bottom:88px;width:380px;max-width:calc(100vw - 40px);height:560px;max-height:calc(100vh - 120px);border:1px solid #d9dee7;border-radius:12px;background:#fff;z-index:2147483000';
      document.body.appendChild(frame);
    } else {
      frame.hidden = !frame.hidden;
    }
  });
  document.body.appendChild(button);
})();
