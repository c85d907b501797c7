// The review item page acts through the JSON API, as the signed-in reviewer (the session cookie);
// it carries no inline script, so the Content-Security-Policy can forbid inline script entirely.
(() => {
  const itemId = document.getElementById('review-item').dataset.itemId;
  const base = '/v1/review/' + encodeURIComponent(itemId);
  const show = (text) => {
    document.getElementById('problem-text').textContent = text;
    document.getElementById('problem').hidden = false;
  };
  const send = async (method, path, body) => {
    const response = await fetch(base + path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
    if (response.ok) {
      location.reload();
      return;
    }
    const problem = await response.json().catch(() => ({}));
    show((problem.detail || response.statusText) + (problem.hint ? ' ' + problem.hint : ''));
  };
  document.addEventListener('click', (event) => {
    const action = event.target.closest('button[data-action]')?.dataset.action;
    if (action === 'claim') send('POST', '/claim');
    if (action === 'approve') send('POST', '/approve');
    if (action === 'reject') send('POST', '/reject', { note: prompt('Why is it rejected?') || undefined });
  });
  document.getElementById('corrections').addEventListener('submit', (event) => {
    event.preventDefault();
    const corrections = {};
    for (const name of ['nhsNumber', 'birthDate']) {
      const value = document.getElementById(name).value.replace(/\s+/g, '');
      if (value) corrections[name] = value;
    }
    if (Object.keys(corrections).length > 0) send('PATCH', '/fields', { corrections });
  });
})();
