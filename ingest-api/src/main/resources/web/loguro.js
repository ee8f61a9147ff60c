/* Eventlane web tracker (docs/web.md). No cookies; every error is swallowed. */
(function (w, d, n) {
  try {
    var s = d.currentScript, key = s && s.getAttribute('data-key');
    if (!key || w.Loguro && w.Loguro.loaded) return;
    var api = s.getAttribute('data-api') || s.src.replace(/\/loguro\.js([?#].*)?$/, '') + '/collect';
    var dnt = s.hasAttribute('data-respect-dnt') && (n.doNotTrack == '1' || w.doNotTrack == '1');
    var q = (w.Loguro && w.Loguro.q) || [], mem = {}, last, A = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    var get = function (k) {
      try { return w.localStorage.getItem(k) || mem[k]; } catch (e) { return mem[k]; }
    };
    var put = function (k, v) {
      mem[k] = v;
      try { w.localStorage.setItem(k, v); } catch (e) {}
    };
    var ulid = function () {
      var t = Date.now(), out = '', i, r = new Uint8Array(16);
      try { w.crypto.getRandomValues(r); } catch (e) { for (i = 0; i < 16; i++) r[i] = Math.random() * 256; }
      for (i = 0; i < 10; i++) { out = A.charAt(t % 32) + out; t = Math.floor(t / 32); }
      for (i = 0; i < 16; i++) out += A.charAt(r[i] & 31);
      return out;
    };
    // The session is kept while events come less than 30 minutes apart.
    var ids = function () {
      var v = get('loguro_vid'), now = Date.now(), p = (get('loguro_sid') || '').split('.');
      if (!v) put('loguro_vid', v = ulid());
      if (!p[0] || !(now - p[1] < 18e5)) p[0] = ulid();
      put('loguro_sid', p[0] + '.' + now);
      return [v, p[0]];
    };
    var send = function (type, name, props) {
      try {
        if (dnt) return;
        var i = ids(), l = w.location, body = JSON.stringify({
          key: key, type: type, name: name, url: l.href, path: l.pathname, referrer: d.referrer || null,
          screen_width: w.screen ? w.screen.width : null, visitor_id: i[0], session_id: i[1], props: props
        });
        if (!(n.sendBeacon && n.sendBeacon(api, body)) && w.fetch) {
          w.fetch(api, { method: 'POST', body: body, keepalive: true, headers: { 'Content-Type': 'text/plain' } })
            ['catch'](function () {});
        }
      } catch (e) {}
    };
    var page = function () {
      var p = w.location.pathname;
      if (p !== last) { last = p; send('pageview'); }
    };
    var wrap = function (m) {
      var f = w.history[m];
      if (f) w.history[m] = function () { var r = f.apply(this, arguments); try { page(); } catch (e) {} return r; };
    };
    wrap('pushState');
    wrap('replaceState');
    w.addEventListener('popstate', page);
    w.Loguro = { loaded: 1, q: [], track: function (name, props) { send('custom', String(name), props || null); } };
    page();
    for (var i = 0; i < q.length; i++) w.Loguro.track.apply(null, q[i]);
  } catch (e) {}
})(window, document, navigator);
