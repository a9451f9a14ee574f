// The /chat page: renders the conversation's abstract messages (text, photo, ask-for-contact, buttons)
// and sends what the customer types, taps or uploads. Polls for messages the studio sends on its own.
(() => {
  const POLL_MS = 3000;
  const log = document.getElementById('log');
  const form = document.getElementById('composer');
  const textInput = document.getElementById('text');
  const photoInput = document.getElementById('photo');
  const typing = document.getElementById('typing');
  const errorBox = document.getElementById('error');
  const placeholder = textInput.placeholder;
  let lastId = 0;
  let busy = false;
  const shown = new Set();

  const scrollDown = () => {
    log.scrollTop = log.scrollHeight;
  };

  function showError(message) {
    errorBox.textContent = message || '';
    errorBox.hidden = !message;
  }

  function bubble(direction) {
    const row = document.createElement('div');
    row.className = `row ${direction}`;
    const box = document.createElement('div');
    box.className = 'bubble';
    row.appendChild(box);
    log.appendChild(row);
    return box;
  }

  function addText(box, text) {
    const p = document.createElement('p');
    p.textContent = text;
    box.appendChild(p);
  }

  // http(s) only; a link ends at a space or a quote or bracket that cannot be part of it.
  const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;

  /** The link as written, without the sentence's closing punctuation ("…di https://x.id/a."). */
  function trimUrl(raw) {
    let url = raw.replace(/[.,;:!?]+$/, '');
    // A closing bracket belongs to the link only when the link opened one (Wikipedia-style paths).
    while (/[)\]]$/.test(url) && (url.match(/[([]/g) || []).length < (url.match(/[)\]]/g) || []).length) {
      url = url.slice(0, -1).replace(/[.,;:!?]+$/, '');
    }
    return url;
  }

  /**
   * The studio's text with its web addresses clickable (the receipt's map link). Built from text nodes and
   * anchors, never innerHTML: a staff reply may quote a customer. Only http(s) URLs that parse become links,
   * opened in a new tab without handing this page to it (noopener) or telling it where the click came from.
   */
  function addLinkedText(box, text) {
    const p = document.createElement('p');
    let at = 0;
    for (const match of text.matchAll(URL_PATTERN)) {
      const written = trimUrl(match[0]);
      let url;
      try {
        url = new URL(written);
      } catch {
        continue;
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') continue;
      p.appendChild(document.createTextNode(text.slice(at, match.index)));
      const a = document.createElement('a');
      a.href = url.href;
      a.textContent = written;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      p.appendChild(a);
      at = match.index + written.length;
    }
    p.appendChild(document.createTextNode(text.slice(at)));
    box.appendChild(p);
  }

  function addChoices(box, rows) {
    if (!rows || rows.length === 0) return;
    const wrap = document.createElement('div');
    wrap.className = 'choices';
    for (const row of rows) {
      const line = document.createElement('div');
      line.className = 'choice-row';
      for (const choice of row) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'choice';
        button.textContent = choice.label;
        button.addEventListener('click', () => send('/chat/api/choice', { id: choice.id, label: choice.label }));
        line.appendChild(button);
      }
      wrap.appendChild(line);
    }
    box.parentElement.appendChild(wrap);
  }

  function render(message) {
    if (shown.has(message.id)) return;
    shown.add(message.id);
    lastId = Math.max(lastId, message.id);
    const payload = message.payload || {};
    if (message.direction === 'in') {
      if (payload.type === 'text' && /^\/start\b/.test(payload.text)) return;
      const box = bubble('in');
      if (payload.type === 'photo') addText(box, `📷 ${payload.name || 'Foto'}`);
      else addText(box, payload.type === 'choice' ? payload.label : payload.text);
      return;
    }
    const box = bubble('out');
    if (payload.type === 'photo') {
      const img = document.createElement('img');
      img.src = `/chat/files/${payload.fileId}`;
      img.alt = (payload.caption || '').split('\n')[0];
      img.loading = 'lazy';
      img.addEventListener('load', scrollDown);
      box.appendChild(img);
      addLinkedText(box, payload.caption || '');
    } else {
      addLinkedText(box, payload.text || '');
    }
    if (payload.type === 'askContact') {
      // The phone is typed here; a Batal button keeps the way back that Telegram's keyboard offers.
      addChoices(box, [[{ id: 'x', label: log.dataset.cancel || 'Batal' }]]);
      textInput.type = 'tel';
      textInput.inputMode = 'tel';
      textInput.placeholder = '0812 3456 7890';
      textInput.focus();
    } else if (textInput.type === 'tel') {
      textInput.type = 'text';
      textInput.inputMode = 'text';
      textInput.placeholder = placeholder;
    }
    addChoices(box, payload.choices);
  }

  /** One turn: the customer's message and the replies that answered it. */
  function renderTurn(messages) {
    const fresh = messages.filter((m) => !shown.has(m.id));
    // Older buttons still work (the bot answers kindly), but only the newest answer's look active.
    if (fresh.some((m) => m.direction === 'out' && (m.payload?.choices?.length || m.payload?.type === 'askContact'))) {
      for (const old of log.querySelectorAll('.choices:not(.old)')) old.classList.add('old');
    }
    for (const message of fresh) render(message);
  }

  // A reply brings one turn, a reload the whole history: split per turn so a reload greys out the
  // same older buttons as the live conversation did.
  function renderAll(messages) {
    let turn = [];
    for (const message of messages) {
      if (message.direction === 'in' && turn.length > 0) {
        renderTurn(turn);
        turn = [];
      }
      turn.push(message);
    }
    renderTurn(turn);
    scrollDown();
  }

  async function call(url, init) {
    let response;
    try {
      response = await fetch(url, { credentials: 'same-origin', ...init });
    } catch {
      // No answer at all (offline, server restarting): the browser's "Failed to fetch" means nothing to a customer.
      throw new Error(log.dataset.offline);
    }
    const body = await response.json().catch(() => ({}));
    // Our errors carry a message for the customer; a proxy's 502 page does not.
    if (!response.ok) throw new Error(body.error || log.dataset.offline);
    return body;
  }

  /** True when the message went through; false when it was refused (shown in the error line). */
  async function send(url, payload) {
    if (busy) return false;
    busy = true;
    showError('');
    typing.hidden = false;
    scrollDown();
    try {
      const init =
        payload instanceof FormData
          ? { method: 'POST', body: payload }
          : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) };
      const body = await call(`${url}?after=${lastId}`, init);
      renderAll(body.messages || []);
      return true;
    } catch (error) {
      showError(error.message);
      return false;
    } finally {
      busy = false;
      typing.hidden = true;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = textInput.value.trim();
    if (!text) return;
    textInput.value = '';
    // Refused (too fast, offline): the text comes back so the customer need not type it again.
    send('/chat/api/message', { text }).then((sent) => {
      if (!sent && !textInput.value) textInput.value = text;
    });
  });

  photoInput.addEventListener('change', () => {
    const file = photoInput.files?.[0];
    if (!file) return;
    const data = new FormData();
    data.append('photo', file, file.name);
    photoInput.value = '';
    send('/chat/api/photo', data);
  });

  async function poll() {
    if (!busy && document.visibilityState !== 'hidden') {
      try {
        const body = await call(`/chat/api/messages?after=${lastId}`);
        if (body.messages?.length) renderAll(body.messages);
      } catch {
        // The next poll tries again; a failed send shows its own error.
      }
    }
    setTimeout(poll, POLL_MS);
  }

  (async () => {
    try {
      const body = await call('/chat/api/messages?after=0');
      renderAll(body.messages || []);
      if ((body.messages || []).length === 0) {
        const referral = log.dataset.referral;
        await send('/chat/api/message', { text: referral ? `/start ref_${referral}` : '/start' });
      }
    } catch (error) {
      showError(error.message);
    }
    setTimeout(poll, POLL_MS);
  })();
})();
