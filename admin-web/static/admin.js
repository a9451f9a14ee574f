// Small progressive enhancements; every page works without this file.
document.addEventListener('submit', (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (question && !window.confirm(question)) event.preventDefault();
});

// Live recipient count while composing a broadcast.
const segmentForm = document.querySelector('form[data-segment-count]');
if (segmentForm) {
  const output = document.getElementById('segment-count');
  const update = async () => {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(segmentForm)) {
      if (typeof value === 'string' && key.startsWith('segment.')) params.set(key, value);
    }
    try {
      const response = await fetch(`${segmentForm.dataset.segmentCount}?${params}`, {
        headers: { accept: 'application/json' },
      });
      if (response.ok && output) output.textContent = String((await response.json()).count);
    } catch {}
  };
  segmentForm.addEventListener('change', update);
  update();
}

// A broadcast's status card, swapped whole while the campaign is live: badge, counts and buttons
// come from the server together, so they always describe the same state.
const liveCard = document.querySelector('[data-live-url]');
if (liveCard) {
  let card = liveCard;
  const poll = async () => {
    let wait = Number(card.dataset.liveEvery) || 5000;
    try {
      const response = await fetch(card.dataset.liveUrl, { headers: { accept: 'text/html' } });
      if (response.ok) {
        const holder = document.createElement('div');
        holder.innerHTML = await response.text();
        const next = holder.firstElementChild;
        // Anything else (the login page after the session ended) leaves the card as it was.
        if (next && next.id === card.id) {
          card.replaceWith(next);
          card = next;
        }
        if (!card.dataset.liveUrl) return;
        wait = Number(card.dataset.liveEvery) || wait;
      }
    } catch {
      wait = 5000;
    }
    setTimeout(poll, wait);
  };
  setTimeout(poll, Number(card.dataset.liveEvery) || 5000);
}

// "Kembali ke formulir" after a refused body: a history step, so the browser gives the typed text back.
for (const link of document.querySelectorAll('[data-history-back]')) {
  link.addEventListener('click', (event) => {
    if (window.history.length < 2) return;
    event.preventDefault();
    window.history.back();
  });
}

// "Cetak" links print the page they are on (the print stylesheet hides navigation).
for (const link of document.querySelectorAll('[data-print]')) {
  link.addEventListener('click', (event) => {
    event.preventDefault();
    window.print();
  });
}

// The WhatsApp panel in settings: re-read every 5 s until connected (the QR code rotates).
const refreshing = document.querySelector('[data-refresh-url]');
if (refreshing) {
  const refresh = async () => {
    try {
      const response = await fetch(refreshing.dataset.refreshUrl);
      if (response.ok) refreshing.innerHTML = await response.text();
    } catch {}
    if (!refreshing.querySelector('.badge.green')) setTimeout(refresh, 5000);
  };
  setTimeout(refresh, 5000);
}
