// The review item page acts through the JSON API, as the signed-in reviewer (the session cookie);
// it carries no inline script, so the Content-Security-Policy can forbid inline script entirely.
// The patient's identity is typed by the reviewer from the page, never filled in from what OCR read.
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
  const identity = () => {
    const value = (name) => document.getElementById(name).value.trim();
    const found = {};
    const nhsNumber = value('nhsNumber').replace(/[\s-]+/g, '');
    if (nhsNumber) found.nhsNumber = nhsNumber;
    const given = value('given').split(/\s+/).filter(Boolean);
    if (given.length > 0) found.given = given;
    if (value('family')) found.family = value('family');
    if (value('birthDate')) found.birthDate = value('birthDate');
    return found;
  };
  const resolutions = () => {
    const written = {};
    for (const input of document.querySelectorAll('input[data-resolution]')) if (input.value.trim()) written[input.dataset.resolution] = input.value.trim();
    return written;
  };
  document.addEventListener('click', (event) => {
    const action = event.target.closest('button[data-action]')?.dataset.action;
    if (action === 'claim') send('POST', '/claim');
    if (action === 'approve') send('POST', '/approve', { identity: identity(), resolutions: resolutions() });
    if (action === 'reject') send('POST', '/reject', { note: prompt('Why is it rejected?') || undefined });
  });
  document.getElementById('corrections').addEventListener('submit', (event) => {
    event.preventDefault();
    const corrections = identity();
    if (Object.keys(corrections).length > 0) send('PATCH', '/fields', { corrections });
  });
})();
