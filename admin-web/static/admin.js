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
      const response = await fetch(`${segmentForm.dataset.segmentCount}?${params}`, { headers: { accept: 'application/json' } });
      if (response.ok && output) output.textContent = String((await response.json()).count);
    } catch {}
  };
  segmentForm.addEventListener('change', update);
  update();
}

// Live progress of a running broadcast.
const progress = document.querySelector('[data-progress-url]');
if (progress) {
  const poll = async () => {
    try {
      const response = await fetch(progress.dataset.progressUrl, { headers: { accept: 'application/json' } });
      if (!response.ok) return;
      const data = await response.json();
      const total = Math.max(1, data.total);
      for (const key of ['sent', 'failed', 'blocked', 'skipped', 'pending']) {
        const bar = progress.querySelector(`.progress .${key}`);
        if (bar) bar.style.width = `${(100 * data[key]) / total}%`;
        const count = progress.querySelector(`[data-count=${key}]`);
        if (count) count.textContent = String(data[key]);
      }
      const status = progress.querySelector('[data-status]');
      if (status) status.textContent = data.statusLabel;
      if (data.status === 'running' || data.status === 'scheduled') setTimeout(poll, 2000);
    } catch {
      setTimeout(poll, 5000);
    }
  };
  poll();
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
